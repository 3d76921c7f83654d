// Account creation. Signing in and out goes through next-auth (see ~/server/auth).
import { registrationSchema } from '@coinview/core/settings';
import { createUserWithPassword, EmailTakenError } from '@coinview/db/users';
import { TRPCError } from '@trpc/server';
import { retryAfterMinutes } from '~/server/auth/authorize-credentials';
import { clientIp } from '~/server/auth/client-ip';
import { consumeRegistration, type LoginLimiter } from '~/server/auth/login-limiter';
import { hashPassword } from '~/server/auth/password';
import { getLoginLimiter } from '~/server/auth/shared-limiter';
import { createTRPCRouter, fieldError, publicProcedure } from '../trpc';

const DUPLICATE_EMAIL = 'An account with this email already exists. Sign in instead.';

export function registrationLimitMessage(minutes: number): string {
  const wait =
    minutes >= 120
      ? `${Math.ceil(minutes / 60)} hours`
      : `${minutes} minute${minutes === 1 ? '' : 's'}`;
  return `Too many accounts were created from your network. Try again in ${wait}.`;
}

export function createAuthRouter(deps: { getLimiter: () => Promise<LoginLimiter> }) {
  return createTRPCRouter({
    register: publicProcedure.input(registrationSchema).mutation(async ({ ctx, input }) => {
      // Counted per client address before the (deliberately slow) argon2 hash, so a stranger can
      // neither fill the users table nor keep the CPU busy hashing.
      const wait = await consumeRegistration(await deps.getLimiter(), clientIp(ctx.headers));
      if (wait > 0)
        throw new TRPCError({
          code: 'TOO_MANY_REQUESTS',
          message: registrationLimitMessage(retryAfterMinutes(wait)),
        });
      const passwordHash = await hashPassword(input.password);
      try {
        const user = await createUserWithPassword(ctx.db, {
          email: input.email,
          name: input.name,
          passwordHash,
        });
        return { id: user.id, email: user.email };
      } catch (err) {
        if (err instanceof EmailTakenError) {
          throw new TRPCError({
            code: 'CONFLICT',
            message: DUPLICATE_EMAIL,
            cause: fieldError('email', DUPLICATE_EMAIL),
          });
        }
        throw err;
      }
    }),
  });
}

export const authRouter = createAuthRouter({ getLimiter: getLoginLimiter });
