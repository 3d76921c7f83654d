// The signed-in user's own preferences. There is deliberately no input naming a user: every query
// is scoped to ctx.session.user.id, so one account can never read or change another's settings.
import { settingsInputSchema } from '@coinview/core/settings';
import { timeZoneSchema } from '@coinview/core/time-zone';
import {
  getSettings,
  setTimeZone,
  updateSettings,
  type UserSettingsView,
} from '@coinview/db/users';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { createTRPCRouter, protectedProcedure } from '../trpc';

export const settingsRouter = createTRPCRouter({
  get: protectedProcedure.query(async ({ ctx }) => {
    const settings = await getSettings(ctx.db, ctx.session.user.id);
    // A still-valid session token for an account that was deleted.
    if (!settings)
      throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Your account no longer exists.' });
    return view(settings);
  }),

  update: protectedProcedure.input(settingsInputSchema).mutation(async ({ ctx, input }) => {
    return view(await updateSettings(ctx.db, ctx.session.user.id, input));
  }),

  /**
   * The time zone every time is shown in (an IANA name). `onlyIfUnset`: the browser's own zone,
   * sent on a first visit, which never replaces a zone the user chose.
   */
  setTimeZone: protectedProcedure
    .input(z.object({ timeZone: timeZoneSchema, onlyIfUnset: z.boolean().default(false) }))
    .mutation(async ({ ctx, input }) =>
      view(
        await setTimeZone(ctx.db, ctx.session.user.id, input.timeZone, {
          onlyIfUnset: input.onlyIfUnset,
        }),
      ),
    ),
});

function view(settings: UserSettingsView) {
  return {
    email: settings.email,
    displayName: settings.displayName ?? '',
    notificationEmail: settings.notificationEmail,
    /** null until chosen; shown as UTC until the browser's zone is stored. */
    timeZone: settings.timeZone,
  };
}
