// The `place-order` task (payload { orderId }, added by @coinview/db in the same transaction as
// the fire or the ticket): sends one order to its broker exactly once, whatever crashes, replays,
// retries or second workers happen around it.
//
// The rule: an order that may have been sent is looked up by its client order id before anything
// else, and sent again only when the exchange says it has no such order AND that answer proves
// nothing can still arrive — i.e. after the request's recvWindow has passed (Binance refuses a
// request that reaches it later than timestamp + recvWindow, so a late packet cannot place it).
// "May have been sent" = status UNKNOWN, or PENDING with an attempt recorded (the process died
// between recording the attempt and hearing the answer). Even a resend carries the same client id,
// which the exchange refuses as a duplicate if the first did land.
//
// Outcomes: accepted → the exchange's status and fills; rejected → REJECTED with the trader's
// sentence (or retried later when the refusal says a retry may help); unknown → UNKNOWN, then
// looked up with backoff, in this attempt and in graphile-worker's later ones, until known.
import type { Broker, PlaceResult } from '@coinview/core/trading/broker';
import { toOrderRequest } from '@coinview/core/trading/order-filters';
import type { OrderState } from '@coinview/core/trading/order';
import type { Db } from '@coinview/db/client';
import { parsePlaceOrderPayload } from '@coinview/db/order-queue';
import { getTradingSettings } from '@coinview/db/trading-settings';
import {
  type OrderUpdate,
  type OrderView,
  dailyOrderTotals,
  loadOrderForExecution,
  recordPlaceAttempt,
  rulePosition,
} from '@coinview/db/orders';
import type { JobHelpers, Task } from 'graphile-worker';
import type { Logger } from 'pino';
import { type BrokerRegistry, NoBrokerError, RECV_WINDOW_MS } from './brokers';
import { recordOrderUpdate } from '../order-notifications/order-notice-queue';
import { prepareForPlacement } from './prepare-order';
import type { SymbolRulesSource } from './symbol-rules-cache';

/** After sentAt + this, an order the exchange does not know can never appear there. */
export const SETTLE_MS = RECV_WINDOW_MS + 2000;

export interface PlaceOrderDeps {
  db: Db;
  brokers: BrokerRegistry;
  rules: SymbolRulesSource;
  /** The last price of a symbol (ticket orders have no fire price to be checked at). */
  lastPrice: (symbol: string) => Promise<string | null>;
  /** Told after every change of an order (bus event, notifications). */
  onChange: (order: OrderView & { userId: string }) => Promise<void>;
  logger: Logger;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

type ExecOrder = NonNullable<Awaited<ReturnType<typeof loadOrderForExecution>>>;

/** Thrown to make graphile-worker run the job again later (its exp(attempts) backoff). */
class TryAgain extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TryAgain';
  }
}

const accountOf = (order: ExecOrder) =>
  order.account.kind === 'paper'
    ? ({ kind: 'paper' } as const)
    : ({ kind: 'binance', keyId: order.account.keyId } as const);

export function updateFromState(state: OrderState): OrderUpdate {
  return {
    status: state.status,
    exchangeOrderId: state.exchangeOrderId,
    executedQty: state.executedQty,
    cummulativeQuoteQty: state.cummulativeQuoteQty,
    fills: state.fills,
  };
}

export function createPlaceOrderTask(deps: PlaceOrderDeps): Task {
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));

  async function announce(orderId: string): Promise<void> {
    const order = await loadOrderForExecution(deps.db, orderId);
    if (order) await deps.onChange(order);
  }

  /** Applies the update; announces the order when its status or fills changed. */
  async function record(orderId: string, update: OrderUpdate): Promise<boolean> {
    const result = await recordOrderUpdate(deps.db, orderId, update);
    if (result?.changed) await announce(orderId);
    return result?.changed ?? false;
  }

  async function reject(order: ExecOrder, reason: string, code: number | null = null) {
    await record(order.id, { status: 'REJECTED', rejectReason: reason, rejectCode: code });
  }

  /**
   * Looks the order up until the exchange knows it or proves it never will. Returns the state,
   * 'absent' (safe to send), or throws TryAgain (still unknown: a later attempt looks again).
   */
  async function lookUp(
    broker: Broker,
    order: ExecOrder,
    log: Logger,
  ): Promise<OrderState | 'absent'> {
    const settleAt = (order.sentAt ?? 0) + SETTLE_MS;
    for (let i = 0; ; i++) {
      let state: OrderState | null;
      try {
        state = await broker.query(order.symbol, order.clientOrderId);
      } catch (err) {
        log.warn({ err: String(err) }, 'order lookup failed');
        if (i >= 4) throw new TryAgain('the exchange could not be asked about the order');
        await sleep(250 * 2 ** i);
        continue;
      }
      if (state) return state;
      if (now() >= settleAt) return 'absent';
      // Not there yet, and a request in flight could still land: wait out its recvWindow.
      await sleep(Math.min(settleAt - now() + 50, 2000));
    }
  }

  async function settle(broker: Broker, order: ExecOrder, log: Logger): Promise<boolean> {
    const found = await lookUp(broker, order, log);
    if (found === 'absent') return false;
    await record(order.id, updateFromState(found));
    log.info({ status: found.status }, 'order found on the exchange by its client id');
    return true;
  }

  return async (payload: unknown, helpers: JobHelpers) => {
    const { orderId } = parsePlaceOrderPayload(payload);
    const log = deps.logger.child({ orderId, attempt: helpers.job.attempts });
    let order = await loadOrderForExecution(deps.db, orderId);
    if (!order) return log.info('order no longer exists; dropping the job');
    if (order.status !== 'PENDING' && order.status !== 'UNKNOWN')
      return log.info({ status: order.status }, 'order already known to its broker');

    let broker: Broker;
    try {
      broker = await deps.brokers.forAccount(order.userId, accountOf(order));
    } catch (err) {
      if (err instanceof NoBrokerError) return reject(order, err.message);
      throw err;
    }

    const maySent = order.status === 'UNKNOWN' || order.attempts > 0;
    if (maySent && (await settle(broker, order, log))) return;

    const rules = await deps.rules.get(order.symbol);
    if (!rules) return reject(order, `${order.symbol} is not traded on this exchange.`);
    const referencePrice =
      order.referencePrice ?? order.price ?? (await deps.lastPrice(order.symbol));
    if (!referencePrice) throw new TryAgain(`no price for ${order.symbol} yet`);
    const userId = order.userId;
    const limits = await getTradingSettings(deps.db, userId);
    const prepared = await prepareForPlacement(
      {
        source:
          order.source.kind === 'alert'
            ? { kind: 'alert', ruleId: order.source.ruleId }
            : { kind: 'manual' },
        symbol: order.symbol,
        side: order.side,
        type: order.type,
        price: order.price,
        origQty: order.origQty,
        quoteOrderQty: order.quoteOrderQty,
        action: order.action,
        referencePrice,
      },
      {
        rules,
        referencePrice,
        balances: () => broker.balances(),
        rulePosition: () =>
          order?.source.kind === 'alert' && order.source.ruleId
            ? rulePosition(deps.db, userId, order.source.ruleId)
            : Promise.resolve('0'),
        limits,
        usage: (since) => dailyOrderTotals(deps.db, userId, since),
        now: now(),
      },
    );
    if (!prepared.ok) {
      log.info({ filter: prepared.filter }, 'order refused before sending');
      return reject(order, prepared.reason);
    }
    const request = toOrderRequest(prepared.order, order.clientOrderId);
    const sized = {
      origQty: request.quantity ?? null,
      quoteOrderQty: request.quoteOrderQty ?? null,
      price: request.price ?? null,
    };
    if (!(await recordPlaceAttempt(deps.db, orderId, sized)))
      return log.info('another attempt answered meanwhile');

    const result: PlaceResult = await broker.place(request);
    if (result.outcome === 'accepted') {
      // The paper broker records the order in its own transaction: announce it here all the same.
      if (!(await record(orderId, updateFromState(result.order)))) await announce(orderId);
      return log.info({ status: result.order.status }, 'order placed');
    }
    if (result.outcome === 'rejected') {
      const last = helpers.job.attempts >= helpers.job.max_attempts;
      if (result.retryable && !last) {
        log.warn({ code: result.code }, 'order refused for now; will retry');
        throw new TryAgain(result.message);
      }
      log.info({ code: result.code }, 'order rejected');
      return reject(order, result.message, result.code);
    }
    // unknown: it may be on the exchange. Never resend blindly: look it up.
    log.warn({ reason: result.reason }, 'order answer lost; looking it up by its client id');
    await record(orderId, { status: 'UNKNOWN' });
    order = (await loadOrderForExecution(deps.db, orderId)) ?? order;
    if (await settle(broker, order, log)) return;
    // Proven absent after its recvWindow: the next attempt sends it again (same client id).
    throw new TryAgain('the order never reached the exchange; it will be sent again');
  };
}
