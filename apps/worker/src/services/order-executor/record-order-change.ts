// The one way the worker records what a broker says about an order after it was placed (the
// reconciler's polls, the user data streams' execution reports and gap reconciliations): the
// update, its fills and its notices in one transaction (recordOrderUpdate), then the bus event
// when something changed. Idempotent: fills are keyed by trade and statuses only move forward, so
// a report heard twice (stream and poll) records once and announces once.
import type { Db } from '@coinview/db/client';
import { type OrderUpdate, type OrderView, loadOrderForExecution } from '@coinview/db/orders';
import { recordOrderUpdate } from '../order-notifications/order-notice-queue';

export type OrderChangeListener = (order: OrderView & { userId: string }) => Promise<void>;

/** Tells the listener the order's current state (bus event, live views). */
export async function announceOrder(
  db: Db,
  onChange: OrderChangeListener,
  orderId: string,
): Promise<void> {
  const order = await loadOrderForExecution(db, orderId);
  if (order) await onChange(order);
}

/** Applies the update; announces the order when its status or fills changed. */
export async function recordOrderChange(
  db: Db,
  onChange: OrderChangeListener,
  orderId: string,
  update: OrderUpdate,
): Promise<boolean> {
  const result = await recordOrderUpdate(db, orderId, update);
  if (!result?.changed) return false;
  await announceOrder(db, onChange, orderId);
  return true;
}
