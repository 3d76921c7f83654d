// The `cancel-order` task (payload { orderId }, added by @coinview/db's requestOrderCancel after
// the order's place-order job, in the user's queue): asks the order's broker to cancel it and
// records what the broker then says about the order. Cancelling is safe to repeat: a second
// cancel is refused as an unknown order, and the order's state is then read back by client id.
import type { Db } from '@coinview/db/client';
import { parsePlaceOrderPayload } from '@coinview/db/order-queue';
import { type OrderView, loadOrderForExecution } from '@coinview/db/orders';
import type { Task } from 'graphile-worker';
import type { Logger } from 'pino';
import { type BrokerRegistry, NoBrokerError } from './brokers';
import { recordOrderUpdate } from '../order-notifications/order-notice-queue';
import { updateFromState } from './place-order';

export interface CancelOrderDeps {
  db: Db;
  brokers: BrokerRegistry;
  onChange: (order: OrderView & { userId: string }) => Promise<void>;
  logger: Logger;
}

const OPEN = new Set(['NEW', 'PARTIALLY_FILLED', 'UNKNOWN', 'PENDING']);

export function createCancelOrderTask(deps: CancelOrderDeps): Task {
  return async (payload: unknown) => {
    const { orderId } = parsePlaceOrderPayload(payload);
    const log = deps.logger.child({ orderId, task: 'cancel-order' });
    const order = await loadOrderForExecution(deps.db, orderId);
    if (!order || !OPEN.has(order.status)) return log.info('order not open; nothing to cancel');
    // Sent (or being sent) but not yet known to its broker: a cancel now would find nothing and
    // the order would then land open. A fire order's batch is not in the user's queue, so this
    // can run meanwhile; try again once the order's status is known (graphile-worker's backoff).
    if (order.status === 'PENDING' || order.status === 'UNKNOWN')
      throw new Error('the order is not known to its broker yet; cancelling it later');
    const account =
      order.account.kind === 'paper'
        ? ({ kind: 'paper' } as const)
        : ({ kind: 'binance', keyId: order.account.keyId } as const);
    let broker;
    try {
      broker = await deps.brokers.forAccount(order.userId, account);
    } catch (err) {
      if (err instanceof NoBrokerError) return log.warn({ err: err.message }, 'cannot cancel');
      throw err;
    }
    const result = await broker.cancel(order.symbol, order.clientOrderId);
    if (result.outcome === 'unknown') throw new Error(`cancel answer lost: ${result.reason}`);
    // Canceled, or refused (already filled, already canceled, never placed): the broker's view of
    // the order is what the history records either way.
    const state =
      result.outcome === 'canceled'
        ? result.order
        : await broker.query(order.symbol, order.clientOrderId);
    if (!state) return log.info('cancel refused; the order is not there');
    const applied = await recordOrderUpdate(deps.db, orderId, updateFromState(state));
    // A broker that keeps its orders in this database (paper) has already recorded the cancel in
    // its own transaction, so nothing changes here: the open tabs are told all the same.
    if (applied?.changed || result.outcome === 'canceled') {
      const fresh = await loadOrderForExecution(deps.db, orderId);
      if (fresh) await deps.onChange(fresh);
    }
    log.info({ status: state.status }, 'cancel handled');
  };
}
