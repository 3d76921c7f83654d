// An alert as a Telegram message to the chat the user linked (Settings › Telegram: they send the
// bot `/start <code>`, see services/telegram-link.ts). Retried like the other channels: Telegram's
// 429/5xx and network failures throw a retryable DeliveryError, a blocked bot or a vanished chat a
// permanent one. The Bot API has no idempotency key: a retry after an answer that was lost once
// Telegram had accepted the message shows it twice (the same at-least-once as webhooks); every
// other path sends exactly one message (a delivery already `sent` is never attempted again).
import { formatDateTime, utcOffsetLabel } from '@coinview/core/time-zone';
import { type TelegramApi, TelegramError } from '../../adapters/telegram';
import { DeliveryError } from './delivery-error';
import type { DeliveryContext } from '@coinview/db/alert-deliveries';

export function alertTelegramText(ctx: DeliveryContext): string {
  const { rule, fire, timeZone } = ctx;
  const at = `${formatDateTime(fire.barTime.getTime(), timeZone, { year: true })} (${utcOffsetLabel(timeZone, fire.barTime.getTime())})`;
  const values = Object.entries(fire.values).map(([label, value]) => `${label}: ${value}`);
  return [
    `🔔 ${rule.symbol} ${rule.interval}: ${rule.name}`,
    fire.message,
    `Price: ${fire.price}`,
    `Bar: ${at}`,
    ...values,
  ].join('\n');
}

/** Sends the alert; returns "telegram:<message id>" as the provider reference. */
export async function sendAlertTelegram(
  api: TelegramApi | undefined,
  ctx: DeliveryContext,
): Promise<string> {
  if (!api) throw new DeliveryError('Telegram is not configured on this server', true);
  const chatId = ctx.settings?.telegramEnabled ? ctx.settings.telegramChatId : null;
  if (!chatId) throw new DeliveryError('no linked Telegram chat', true);
  try {
    return `telegram:${await api.sendMessage(chatId, alertTelegramText(ctx))}`;
  } catch (err) {
    if (err instanceof TelegramError)
      throw new DeliveryError(
        err.message,
        err.permanent,
        err.retryAfterSeconds === null ? null : err.retryAfterSeconds * 1000,
      );
    throw new DeliveryError(err instanceof Error ? err.message : String(err), false);
  }
}
