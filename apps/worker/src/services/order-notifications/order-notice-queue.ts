// Order notifications are jobs of the durable queue, one per (order event, channel on), added
// in the SAME transaction as the order change they announce (recordOrderUpdate), so a change is
// never recorded without its notices nor a notice queued for a change that rolled back. The job
// key is the event and channel: a replayed change re-adds the same key instead of a second job.
import type { Db, Prisma } from '@coinview/db/client';
import {
  type ChannelSettings,
  getChannelSettingsOfOrder,
} from '@coinview/db/notification-settings';
import { addOrderNoticeJobs } from '@coinview/db/order-queue';
import {
  type OrderUpdate,
  type OrderUpdateResult,
  applyOrderUpdateInTx,
} from '@coinview/db/orders';

export { ORDER_NOTICE_TASK } from '@coinview/db/order-queue';
export const ORDER_NOTICE_CHANNELS = ['inapp', 'email', 'webhook', 'telegram'] as const;
export type OrderNoticeChannel = (typeof ORDER_NOTICE_CHANNELS)[number];

/** The statuses a trader is told about: fills and refusals. */
export const NOTICE_STATUSES = new Set(['PARTIALLY_FILLED', 'FILLED', 'REJECTED']);

export interface OrderNotice {
  orderId: string;
  status: string;
  /** The filled quantity the notice reports (each partial fill is its own notice). */
  executedQty: string;
  channel: OrderNoticeChannel;
}

export const orderNoticeKey = (n: Omit<OrderNotice, 'channel'>) =>
  `order:${n.orderId}:${n.status}:${n.executedQty}`;

/**
 * Applies a broker's report to the order and, when it is a fill or a refusal, queues its notices
 * in the same transaction. Returns the repository's result (null: no such order).
 */
export async function recordOrderUpdate(
  db: Db,
  orderId: string,
  update: OrderUpdate,
): Promise<OrderUpdateResult | null> {
  return db.$transaction(async (tx) => {
    const result = await applyOrderUpdateInTx(tx, orderId, update);
    if (result?.changed && NOTICE_STATUSES.has(result.order.status))
      await queueOrderNotices(tx, {
        orderId,
        status: result.order.status,
        executedQty: result.order.executedQty,
      });
    return result;
  });
}

/**
 * The channels a notice goes out on, decided when the change is recorded (as a fire's channels
 * are): those the owner has on. A user who never saved settings gets the in-app notice only. The
 * notice job checks again when it runs, so a channel switched off meanwhile stays quiet; most
 * users have one or two channels, so a bar of 1,000 fills queues ~1,000 jobs, not 4,000.
 */
export function orderNoticeChannels(settings: ChannelSettings | null): OrderNoticeChannel[] {
  if (!settings) return ['inapp'];
  return ORDER_NOTICE_CHANNELS.filter((channel) => {
    switch (channel) {
      case 'inapp':
        return settings.inAppEnabled;
      case 'email':
        return settings.emailEnabled && !!settings.email && !!settings.emailVerifiedAt;
      case 'webhook':
        return settings.webhookEnabled && !!settings.webhookUrl;
      case 'telegram':
        return settings.telegramEnabled && !!settings.telegramChatId;
    }
  });
}

export async function queueOrderNotices(
  tx: Prisma.TransactionClient,
  event: Omit<OrderNotice, 'channel'>,
): Promise<void> {
  const channels = orderNoticeChannels(await getChannelSettingsOfOrder(tx, event.orderId));
  await addOrderNoticeJobs(
    tx,
    channels.map((channel) => {
      const payload: OrderNotice = { ...event, channel };
      return { payload: { ...payload }, jobKey: `${orderNoticeKey(event)}:${channel}` };
    }),
  );
}
