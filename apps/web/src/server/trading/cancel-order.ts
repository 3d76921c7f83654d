// Cancelling an order from the web: one mechanism for every account, the repository's cancel
// request. An order not sent yet is cancelled on the spot under its row lock (the executor then
// never sends it); any other open order gets a cancel-order job, and the worker cancels it through
// the same broker that placed it (the paper account's, or Binance by its client order id), records
// the answer and publishes the change, which reaches the page over `orders.live`.
import type { Db } from '@coinview/db/client';
import { requestOrderCancel } from '@coinview/db/orders';
import { TRPCError } from '@trpc/server';
import { toOrderView } from './order-queries';
import type { OrderView } from './order-view';

export async function cancelOrderForUser(
  db: Db,
  userId: string,
  id: string,
): Promise<{ outcome: 'canceled' | 'requested'; order: OrderView }> {
  const result = await requestOrderCancel(db, userId, id);
  switch (result.outcome) {
    case 'not-found':
      throw new TRPCError({ code: 'NOT_FOUND', message: 'No such order.' });
    case 'not-open':
      throw new TRPCError({
        code: 'BAD_REQUEST',
        message: `This order is already ${result.order.status.toLowerCase().replace('_', ' ')}.`,
      });
    default:
      return { outcome: result.outcome, order: toOrderView(result.order) };
  }
}
