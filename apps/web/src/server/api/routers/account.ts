// The signed-in user's account itself: its password and its deletion. Scoped to
// ctx.session.user.id like every router; both ask for proof (the current password, or the email
// for an account that has none) so that an unattended, signed-in browser cannot take the account.
import { accountDeletionSchema, passwordChangeSchema } from '@coinview/core/settings';
import type { Db } from '@coinview/db/client';
import { countOtherSessions, revokeOtherSessions } from '@coinview/db/sessions';
import { deleteUserAccount, findUserById, setPasswordHash } from '@coinview/db/users';
import { TRPCError } from '@trpc/server';
import { retryAfterMinutes } from '~/server/auth/authorize-credentials';
import { clientIp } from '~/server/auth/client-ip';
import { exhausted, limiterKey, type LoginLimiter } from '~/server/auth/login-limiter';
import { hashPassword, verifyPassword } from '~/server/auth/password';
import { getLoginLimiter } from '~/server/auth/shared-limiter';
import { createTRPCRouter, fieldError, protectedProcedure } from '../trpc';

const GONE = 'Your account no longer exists.';

async function requireUser(db: Db, userId: string) {
  const user = await findUserById(db, userId);
  if (!user) throw new TRPCError({ code: 'UNAUTHORIZED', message: GONE });
  return user;
}

/**
 * Checks the current password against the same per-(account, address) budget as sign-in, so a
 * borrowed session cannot be used to guess it faster than the sign-in form allows.
 */
async function checkPassword(
  limiter: LoginLimiter,
  user: { email: string; passwordHash: string },
  password: string,
  ip: string,
  field: string,
): Promise<void> {
  const key = limiterKey(user.email, ip || 'unknown');
  const wait = exhausted(await limiter.accountAndIp.get(key), limiter.accountAndIp);
  if (wait !== null) {
    const message = `Too many attempts, try again in ${retryAfterMinutes(wait)} minutes.`;
    throw new TRPCError({ code: 'TOO_MANY_REQUESTS', message, cause: fieldError(field, message) });
  }
  if (await verifyPassword(user.passwordHash, password)) return;
  await limiter.accountAndIp.penalty(key, 1);
  throw new TRPCError({
    code: 'BAD_REQUEST',
    message: 'Wrong password',
    cause: fieldError(field, 'Wrong password'),
  });
}

export function createAccountRouter(deps: { getLimiter: () => Promise<LoginLimiter> }) {
  return createTRPCRouter({
    get: protectedProcedure.query(async ({ ctx }) => {
      const user = await requireUser(ctx.db, ctx.session.user.id);
      const otherSessions = await countOtherSessions(
        ctx.db,
        user.id,
        ctx.session.sessionId ?? null,
      );
      return { email: user.email, hasPassword: user.passwordHash !== null, otherSessions };
    }),

    /** "Sign out everywhere else": ends every session of the account but this one. */
    signOutOtherSessions: protectedProcedure.mutation(async ({ ctx }) => ({
      signedOutSessions: await revokeOtherSessions(
        ctx.db,
        ctx.session.user.id,
        ctx.session.sessionId ?? null,
      ),
    })),

    /** Sets a new password and signs out every other session of the account. */
    changePassword: protectedProcedure
      .input(passwordChangeSchema)
      .mutation(async ({ ctx, input }) => {
        const user = await requireUser(ctx.db, ctx.session.user.id);
        if (user.passwordHash) {
          await checkPassword(
            await deps.getLimiter(),
            { email: user.email, passwordHash: user.passwordHash },
            input.currentPassword,
            clientIp(ctx.headers),
            'currentPassword',
          );
        }
        await setPasswordHash(ctx.db, user.id, await hashPassword(input.newPassword));
        const signedOut = await revokeOtherSessions(ctx.db, user.id, ctx.session.sessionId ?? null);
        return { signedOutSessions: signedOut };
      }),

    /** Deletes the account and everything it owns; the browser then signs out. */
    delete: protectedProcedure.input(accountDeletionSchema).mutation(async ({ ctx, input }) => {
      const user = await requireUser(ctx.db, ctx.session.user.id);
      if (user.passwordHash) {
        await checkPassword(
          await deps.getLimiter(),
          { email: user.email, passwordHash: user.passwordHash },
          input.confirmation,
          clientIp(ctx.headers),
          'confirmation',
        );
      } else if (input.confirmation.toLowerCase() !== user.email) {
        const message = 'Type your account’s email exactly';
        throw new TRPCError({
          code: 'BAD_REQUEST',
          message,
          cause: fieldError('confirmation', message),
        });
      }
      await deleteUserAccount(ctx.db, user.id);
      return { deleted: true };
    }),
  });
}

export const accountRouter = createAccountRouter({ getLimiter: getLoginLimiter });
