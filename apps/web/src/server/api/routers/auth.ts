// Account creation. Signing in and out goes through next-auth (see ~/server/auth).
import { registrationSchema } from '@coinview/core/settings';
import { createUserWithPassword, EmailTakenError } from '@coinview/db/users';
import { TRPCError } from '@trpc/server';
import { hashPassword } from '~/server/auth/password';
import { createTRPCRouter, fieldError, publicProcedure } from '../trpc';

const DUPLICATE_EMAIL = 'An account with this email already exists. Sign in instead.';

export const authRouter = createTRPCRouter({
  register: publicProcedure.input(registrationSchema).mutation(async ({ ctx, input }) => {
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
