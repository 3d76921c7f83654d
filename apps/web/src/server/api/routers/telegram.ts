// telegram.status / link / unlink: the Telegram channel's chat link, from the settings page. `link`
// issues a one-time code (stored hashed, expiring, replacing any earlier one) that the user sends
// the bot as `/start <code>`; the worker, which long-polls the bot, links the chat it came from.
// Nothing here returns the chat id.
import { getNotificationSettings } from '@coinview/db/notification-settings';
import {
  getTelegramStatus,
  issueTelegramLinkCode,
  unlinkTelegram,
} from '@coinview/db/telegram-link';
import { env } from '~/env';
import { createTRPCRouter, protectedProcedure } from '../trpc';

export function createTelegramRouter(deps: { botConfigured: boolean }) {
  return createTRPCRouter({
    status: protectedProcedure.query(async ({ ctx }) => ({
      ...(await getTelegramStatus(ctx.db, ctx.session.user.id)),
      botConfigured: deps.botConfigured,
    })),

    /** A new link code, shown once. */
    link: protectedProcedure.mutation(async ({ ctx }) => {
      const userId = ctx.session.user.id;
      await getNotificationSettings(ctx.db, userId); // the row the code is stored on
      const { code, expiresAt } = await issueTelegramLinkCode(ctx.db, userId);
      return { code, command: `/start ${code}`, expiresAt: expiresAt.getTime() };
    }),

    unlink: protectedProcedure.mutation(async ({ ctx }) => {
      await unlinkTelegram(ctx.db, ctx.session.user.id);
      return { linked: false };
    }),
  });
}

export const telegramRouter = createTelegramRouter({
  botConfigured: Boolean(env.TELEGRAM_BOT_TOKEN),
});
