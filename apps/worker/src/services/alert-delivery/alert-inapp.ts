// An alert in the app: a Notification row (unique per fire) and a message on the bus topic
// `notifications:<userId>` that the web forwards to the user's browsers (toast + bell).
import type { Db } from '@coinview/db/client';
import type { DeliveryContext } from './load-delivery';

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
  const data = {
    userId: ctx.delivery.userId,
    fireId: ctx.fire.id,
    title: `${ctx.rule.symbol} ${ctx.rule.interval}: ${ctx.rule.name}`.slice(0, 200),
    body: ctx.fire.message.slice(0, 4000),
  };
  const select = { id: true, title: true, body: true, createdAt: true } as const;
  // Upsert on the unique fireId: concurrent attempts cannot both insert.
  const row = await db.notification.upsert({
    where: { fireId: ctx.fire.id },
    create: data,
    update: {},
    select,
  });
  return { ...row, createdAt: row.createdAt.getTime(), fireId: ctx.fire.id };
}
