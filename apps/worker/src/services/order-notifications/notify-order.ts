// The `notify-order` task: tells the trader on one channel that an order filled (or partly) or was
// rejected. One job per (event, channel), so a channel that fails retries alone. Repeats are safe:
// the in-app notification and the email are keyed by the event (a second attempt finds them), the
// webhook carries the event key in X-Coinview-Delivery, and Telegram — no idempotency key in its
// API — repeats only when an answer was lost after it accepted the message.
import { createHash } from 'node:crypto';
import { delayJobRetry } from '@coinview/db/alert-queue';
import type { EventPublisher } from '@coinview/core/ports';
import { notificationTopic } from '@coinview/db/bus-topics';
import type { Db } from '@coinview/db/client';
import { type OrderView, loadOrderForExecution } from '@coinview/db/orders';
import { getChannelSettings, getWebhookTarget } from '@coinview/db/notification-settings';
import { createOrderNotification } from '@coinview/db/notifications';
import { enqueueEmail } from '@coinview/db/outbox';
import { WebhookSendError, postSignedWebhook } from '@coinview/webhooks/post';
import type { WebhookPolicy } from '@coinview/webhooks/url-policy';
import type { JobHelpers, Task } from 'graphile-worker';
import type { Logger } from 'pino';
import { type TelegramApi, TelegramError } from '../../adapters/telegram';
import { type OrderNotice, orderNoticeKey } from './order-notice-queue';

export interface NotifyOrderDeps {
  db: Db;
  bus: EventPublisher;
  email: { transport: 'resend' | 'mailbox'; from: string };
  telegram?: TelegramApi;
  webhookPolicy: WebhookPolicy;
  logger: Logger;
}

function parseNotice(payload: unknown): OrderNotice {
  const p = payload as Partial<OrderNotice> | null;
  if (
    !p ||
    typeof p.orderId !== 'string' ||
    typeof p.status !== 'string' ||
    typeof p.executedQty !== 'string' ||
    !['inapp', 'email', 'webhook', 'telegram'].includes(String(p.channel))
  )
    throw new Error('notify-order: bad payload');
  return p as OrderNotice;
}

/** What the notice says, in the trader's words. */
export function orderNoticeText(order: OrderView, notice: OrderNotice) {
  const account =
    order.account.kind === 'paper' ? 'paper' : `Binance key “${order.account.label ?? '?'}”`;
  const source =
    order.source.kind === 'manual' ? 'order ticket' : `alert “${order.source.ruleName ?? '?'}”`;
  if (notice.status === 'REJECTED')
    return {
      title: `${order.symbol} ${order.side.toLowerCase()} order rejected`,
      body: `${order.rejectReason ?? 'The exchange refused the order.'} (${account}, ${source})`,
    };
  const verb = order.side === 'BUY' ? 'Bought' : 'Sold';
  const partly = notice.status === 'PARTIALLY_FILLED' ? ' (partly filled)' : '';
  const fee = order.fee ? `, fee ${order.fee} ${order.feeAsset ?? ''}`.trimEnd() : '';
  return {
    title: `${order.symbol}: ${verb.toLowerCase()} ${notice.executedQty}${partly}`,
    body: `${verb} ${notice.executedQty} ${order.symbol} at an average ${order.avgPrice ?? '?'}${fee} (${account}, ${source}).`,
  };
}

const retryable = (message: string) => Object.assign(new Error(message), { retry: true });

export function createNotifyOrderTask(deps: NotifyOrderDeps): Task {
  return async (payload: unknown, helpers: JobHelpers) => {
    const notice = parseNotice(payload);
    const key = createHash('sha256').update(orderNoticeKey(notice)).digest('hex').slice(0, 40);
    const order = await loadOrderForExecution(deps.db, notice.orderId);
    if (!order) return;
    const settings = await getChannelSettings(deps.db, order.userId);
    const { title, body } = orderNoticeText(order, notice);
    const log = deps.logger.child({ orderId: order.id, channel: notice.channel });
    switch (notice.channel) {
      case 'inapp': {
        if (settings && !settings.inAppEnabled) return;
        const id = `o_${key}`;
        const created = await createOrderNotification(deps.db, {
          id,
          userId: order.userId,
          title,
          body,
        });
        // Only the attempt that created it announces it.
        if (created)
          await deps.bus.publish(notificationTopic(order.userId), {
            id,
            title,
            body,
            createdAt: created.createdAt,
            fireId: null,
          });
        return;
      }
      case 'email': {
        if (!settings?.emailEnabled || !settings.email || !settings.emailVerifiedAt) return;
        await enqueueEmail(deps.db, {
          userId: order.userId,
          kind: 'order',
          to: settings.email,
          from: deps.email.from,
          subject: title,
          text: `${body}\n`,
          html: `<p>${body.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)}</p>`,
          idempotencyKey: `order-notice/${key}`,
          transport: deps.email.transport,
        });
        return;
      }
      case 'webhook': {
        if (!settings?.webhookEnabled || !settings.webhookUrl) return;
        const target = await getWebhookTarget(deps.db, order.userId);
        if (!target.url) return;
        try {
          const answer = await postSignedWebhook({
            url: target.url,
            secret: target.secret,
            body: JSON.stringify({
              event: `order.${notice.status.toLowerCase()}`,
              orderId: order.id,
              clientOrderId: order.clientOrderId,
              symbol: order.symbol,
              side: order.side,
              type: order.type,
              status: notice.status,
              executedQty: notice.executedQty,
              avgPrice: order.avgPrice,
              fee: order.fee,
              feeAsset: order.feeAsset,
              rejectReason: order.rejectReason,
              message: body,
            }),
            policy: deps.webhookPolicy,
            timeoutMs: 10_000,
            headers: { 'x-coinview-delivery': key },
          });
          if (answer.status >= 200 && answer.status < 300) return;
          if (answer.status >= 500 || answer.status === 408 || answer.status === 429)
            throw retryable(`webhook answered HTTP ${answer.status}`);
          log.warn({ status: answer.status }, 'order webhook refused; not retried');
          return;
        } catch (err) {
          if (err instanceof WebhookSendError) throw retryable(err.message);
          throw err;
        }
      }
      case 'telegram': {
        if (!deps.telegram || !settings?.telegramEnabled || !settings.telegramChatId) return;
        try {
          await deps.telegram.sendMessage(settings.telegramChatId, `${title}\n${body}`);
        } catch (err) {
          if (err instanceof TelegramError && err.permanent)
            return log.warn({ err: err.message }, 'order Telegram message refused');
          if (err instanceof TelegramError && err.retryAfterSeconds !== null)
            await delayJobRetry(deps.db, helpers.job.id, err.retryAfterSeconds * 1000);
          throw err;
        }
      }
    }
  };
}
