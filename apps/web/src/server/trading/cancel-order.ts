// Cancelling an order the trader sees open. A paper order is cancelled in the database in one
// transaction with the release of its locked balance (the paper "exchange" is Postgres, and the
// status change is conditional, so a fill that lands first wins). A Binance order is cancelled on
// the exchange by its client order id with the key's signed client, and the exchange's answer is
// recorded. An order still being sent (PENDING, or UNKNOWN until it is found) cannot be cancelled
// yet: the worker is placing it, and a cancel racing the placement could leave it live untracked.
import type { Db } from '@coinview/db/client';
import { loadKeyForTrading } from '@coinview/db/exchange-keys';
import {
  applyOrderUpdate,
  applyOrderUpdateInTx,
  getOrder,
  type OrderView as StoredOrder,
} from '@coinview/db/orders';
import { applyPaperDeltasInTx } from '@coinview/db/paper-accounts';
import { money, toDecimalString } from '@coinview/core/trading/money';
import { releaseRestingLimit } from '@coinview/core/trading/paper-matching';
import type { SymbolRules } from '@coinview/core/trading/symbol-rules';
import { explainBinanceError } from '@coinview/core/trading/binance-errors';
import { BinanceApiError, BinanceRestError } from '@coinview/exchange/rest';
import { BinanceSignedClient } from '@coinview/exchange/signed';
import { TRPCError } from '@trpc/server';
import { restBaseUrl } from './exchange-endpoints';
import { getSecretBox } from './secret-box';
import { toOrderView } from './order-queries';
import type { OrderView } from './order-view';

function refuse(message: string): never {
  throw new TRPCError({ code: 'BAD_REQUEST', message });
}

/**
 * The paper broker's cancel: in one transaction, the order moves to CANCELED (its row locked, so a
 * fill being recorded meanwhile goes first and a filled order is not cancelled) and what it still
 * held locked goes back to free (core's releaseRestingLimit: a buy's limit × remaining quantity in
 * quote, a sell's remaining quantity in base). Null when the order was no longer open.
 */
async function cancelPaperOrder(
  db: Db,
  userId: string,
  orderId: string,
  rules: SymbolRules,
): Promise<StoredOrder | null> {
  return db.$transaction(async (tx) => {
    const result = await applyOrderUpdateInTx(tx, orderId, { status: 'CANCELED' });
    if (!result?.changed || result.order.status !== 'CANCELED') return null;
    const { side, price, origQty, executedQty } = result.order;
    const remainingQty = toDecimalString(money(origQty ?? '0').minus(money(executedQty)));
    if (price !== null && money(remainingQty).gt(0))
      await applyPaperDeltasInTx(
        tx,
        userId,
        releaseRestingLimit({ side, price, remainingQty }, rules),
      );
    return result.order;
  });
}

export async function cancelOrderForUser(
  rulesFor: (symbol: string) => Promise<SymbolRules | undefined>,
  db: Db,
  userId: string,
  id: string,
): Promise<OrderView> {
  const order = await getOrder(db, userId, id);
  if (!order) throw new TRPCError({ code: 'NOT_FOUND', message: 'No such order.' });
  if (order.status === 'PENDING' || order.status === 'UNKNOWN')
    refuse('This order is still being sent to the exchange; cancel it once it is open.');
  if (order.status !== 'NEW' && order.status !== 'PARTIALLY_FILLED')
    refuse(`This order is already ${order.status.toLowerCase().replace('_', ' ')}.`);

  if (order.account.kind === 'paper') {
    const rules = await rulesFor(order.symbol);
    if (!rules || order.price === null || order.origQty === null)
      refuse('This paper order cannot be cancelled: its market is not traded any more.');
    const canceled = await cancelPaperOrder(db, userId, order.id, rules);
    if (!canceled) refuse('This order was filled or closed before it could be cancelled.');
    return toOrderView(canceled);
  }

  const key = await loadKeyForTrading(db, getSecretBox(), userId, order.account.keyId);
  if (!key) refuse('The key this order was placed with has been removed.');
  const client = new BinanceSignedClient({
    credentials: { apiKey: key.apiKey, apiSecret: key.secret },
    transport: { baseUrl: restBaseUrl(key.environment), timeoutMs: 10_000 },
  });
  try {
    const answer = await client.cancelOrder(order.symbol, order.clientOrderId);
    // Recorded like any report: forward only, totals never below what the fills add up to.
    const result = await applyOrderUpdate(db, order.id, {
      status: 'CANCELED',
      executedQty: answer.executedQty,
      cummulativeQuoteQty: answer.cummulativeQuoteQty,
    });
    return toOrderView(result?.order ?? order);
  } catch (err) {
    if (err instanceof BinanceApiError && err.code !== undefined)
      refuse(explainBinanceError(err.code, err.msg ?? '').message);
    if (err instanceof BinanceRestError)
      refuse('The exchange did not answer the cancel; check the order again in a moment.');
    throw err;
  }
}
