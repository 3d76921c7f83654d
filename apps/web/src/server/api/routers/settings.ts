// The signed-in user's own preferences. There is deliberately no input naming a user: every query
// is scoped to ctx.session.user.id, so one account can never read or change another's settings.
import { settingsInputSchema } from '@coinview/core/settings';
import { getSettings, updateSettings } from '@coinview/db/users';
import { TRPCError } from '@trpc/server';
import { createTRPCRouter, protectedProcedure } from '../trpc';

export const settingsRouter = createTRPCRouter({
  get: protectedProcedure.query(async ({ ctx }) => {
    const settings = await getSettings(ctx.db, ctx.session.user.id);
    // A still-valid session token for an account that was deleted.
    if (!settings)
      throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Your account no longer exists.' });
    return {
      email: settings.email,
      displayName: settings.displayName ?? '',
      notificationEmail: settings.notificationEmail,
    };
  }),

  update: protectedProcedure.input(settingsInputSchema).mutation(async ({ ctx, input }) => {
    const saved = await updateSettings(ctx.db, ctx.session.user.id, input);
    return {
      email: saved.email,
      displayName: saved.displayName ?? '',
      notificationEmail: saved.notificationEmail,
    };
  }),
});
