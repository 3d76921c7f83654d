// An alert in the app: a Notification row (unique per fire) and a message on the bus topic
// `notifications:<userId>` that the web forwards to the user's browsers (toast + bell).
import type { Db } from '@coinview/db/client';
import { ensureFireNotification } from '@coinview/db/notifications';
import type { DeliveryContext } from '@coinview/db/alert-deliveries';

export interface NotificationMessage {
  id: string;
  title: string;
  body: string;
  /** Epoch ms. */
  createdAt: number;
  fireId: string;
}

/**
 * Creates the fire's notification, or returns the one an earlier attempt created (unique fireId:
 * a retried job never makes a second one).
 */
export async function ensureNotification(
  db: Db,
  ctx: DeliveryContext,
): Promise<NotificationMessage> {
  const row = await ensureFireNotification(db, {
    userId: ctx.delivery.userId,
    fireId: ctx.fire.id,
    title: `${ctx.rule.symbol} ${ctx.rule.interval}: ${ctx.rule.name}`.slice(0, 200),
    body: ctx.fire.message.slice(0, 4000),
  });
  return { ...row, fireId: ctx.fire.id };
}
