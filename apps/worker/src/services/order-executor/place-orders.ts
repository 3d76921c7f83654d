// The `place-orders` task (payload { orderIds }, added by @coinview/db with a bar's fires): sends
// the orders 1,000 users' alerts made on one bar close, with a constant number of queries for the
// whole batch instead of ~15 per order, so the exchange hears them all within the bar's first
// second (bench/orders.ts).
//
// It keeps the place-order task's rule — an order is sent only after its attempt is recorded, and
// an order that may have been sent is never sent again before it was looked up — by doing only the
// easy case itself: orders never attempted, sized from the rule's action with nothing but the
// fire's price (a base or quote amount, no maximum position), of users with no kill switch or
// daily limit. Everything else, and every order whose answer is not a clean yes or no (lost,
// timed out, refused for now), goes to its own `place-order` job in its user's queue, which
// checks limits against that user's other orders one at a time and looks lost orders up by their
// client id. A crash mid-batch is safe the same way: the batch runs again, finds those orders
// attempted, and hands them over.
import type { Broker, PlaceResult } from '@coinview/core/trading/broker';
import { orderActionSchema, sizingNeeds } from '@coinview/core/trading/order-action';
import { toOrderRequest } from '@coinview/core/trading/order-filters';
import type { OrderRequest } from '@coinview/core/trading/order';
import type { Db } from '@coinview/db/client';
import { addPlaceOrderJob, parsePlaceOrdersPayload } from '@coinview/db/order-queue';
import {
  type OrderUpdate,
  type OrderView,
  applyOrderUpdateInTx,
  loadOrdersForExecution,
  recordFirstPlaceAttempts,
} from '@coinview/db/orders';
import { getTradingSettingsMany } from '@coinview/db/trading-settings';
import type { Task } from 'graphile-worker';
import type { Logger } from 'pino';
import { NOTICE_STATUSES, queueOrderNotices } from '../order-notifications/order-notice-queue';
import { type BrokerRegistry, NoBrokerError, accountRef } from './brokers';
import { updateFromState } from './place-order';
import { prepareForPlacement } from './prepare-order';
import type { SymbolRulesSource } from './symbol-rules-cache';

export interface PlaceOrdersDeps {
  db: Db;
  brokers: BrokerRegistry;
  rules: SymbolRulesSource;
  /** Told after every change of an order (bus event, notifications). */
  onChange: (order: OrderView & { userId: string }) => Promise<void>;
  logger: Logger;
  /** Orders of one batch in flight to their exchange at once (default 32). */
  sendConcurrency?: number;
}

type BatchOrder = Awaited<ReturnType<typeof loadOrdersForExecution>>[number];

/**
 * Outcomes recorded per transaction: ~7 statements each, so 100 keep a commit well under a second
 * on a busy machine (1,000 at once overran Prisma's 5 s transaction timeout in bench/orders.ts).
 */
const MAX_OUTCOMES_PER_COMMIT = 100;
const TRANSACTION_OPTIONS = { timeout: 30_000, maxWait: 30_000 };

/** What became of one sent order, recorded with the others of its flush. */
type Outcome =
  | { kind: 'update'; order: BatchOrder; update: OrderUpdate }
  | { kind: 'hand-over'; order: BatchOrder; update?: OrderUpdate };

const accountOf = (order: BatchOrder) =>
  order.account.kind === 'paper'
    ? ({ kind: 'paper' } as const)
    : ({ kind: 'binance', keyId: order.account.keyId } as const);

export function createPlaceOrdersTask(deps: PlaceOrdersDeps): Task {
  const lanes = deps.sendConcurrency ?? 32;

  /**
   * Records outcomes in one transaction per flush (group commit: while one flush commits, the
   * next outcomes gather), then tells the listeners. An answer is recorded as it comes, never
   * held back for the rest of the batch.
   */
  function recorder(log: Logger) {
    const pending: Outcome[] = [];
    let running: Promise<void> = Promise.resolve();
    const flush = async () => {
      while (pending.length > 0) await flushSome(pending.splice(0, MAX_OUTCOMES_PER_COMMIT));
    };
    const flushSome = async (batch: Outcome[]) => {
      const changed = await deps.db.$transaction(async (tx) => {
        const announce: (OrderView & { userId: string })[] = [];
        for (const outcome of batch) {
          const { order } = outcome;
          if (outcome.update) {
            const result = await applyOrderUpdateInTx(tx, order.id, outcome.update);
            if (result?.changed && NOTICE_STATUSES.has(result.order.status))
              await queueOrderNotices(tx, {
                orderId: order.id,
                status: result.order.status,
                executedQty: result.order.executedQty,
              });
            // The paper broker records its own fills: its orders are announced all the same.
            if (result && (result.changed || order.account.kind === 'paper'))
              announce.push({ ...result.order, userId: order.userId });
          }
          if (outcome.kind === 'hand-over') await addPlaceOrderJob(tx, order);
        }
        return announce;
      }, TRANSACTION_OPTIONS);
      for (const order of changed)
        await deps
          .onChange(order)
          .catch((err: unknown) =>
            log.warn({ err: String(err), orderId: order.id }, 'announcing an order failed'),
          );
    };
    // A failed flush loses nothing for good: the task then fails, and its next run finds those
    // orders attempted (handed over: looked up first) or untouched (decided again).
    let failure: unknown = undefined;
    return {
      add(outcome: Outcome) {
        pending.push(outcome);
        running = running.then(flush).catch((err: unknown) => {
          failure ??= err;
        });
      },
      async done() {
        await running;
        await flush();
        if (failure !== undefined)
          throw failure instanceof Error ? failure : new Error('recording a batch failed');
      },
    };
  }

  return async (payload: unknown) => {
    const { orderIds } = parsePlaceOrdersPayload(payload);
    const log = deps.logger.child({ task: 'place-orders', orders: orderIds.length });
    const orders = await loadOrdersForExecution(deps.db, orderIds);
    const settings = await getTradingSettingsMany(deps.db, [
      ...new Set(orders.map((o) => o.userId)),
    ]);
    const record = recorder(log);

    // 1. Size what this batch can send on its own; hand everything else over.
    const handOver: BatchOrder[] = [];
    const ready: { order: BatchOrder; request: OrderRequest }[] = [];
    for (const order of orders) {
      if (order.status !== 'PENDING' && order.status !== 'UNKNOWN') continue; // done already
      const limits = settings.get(order.userId);
      const action = orderActionSchema.safeParse(order.action);
      const needs = action.success ? sizingNeeds(action.data) : null;
      const rules = await deps.rules.get(order.symbol);
      if (
        order.status !== 'PENDING' ||
        order.attempts > 0 ||
        order.source.kind !== 'alert' ||
        !order.referencePrice ||
        !needs ||
        needs.balances ||
        needs.position ||
        !rules ||
        !limits ||
        limits.killSwitch ||
        limits.maxOrdersPerDay !== null ||
        limits.maxNotionalPerDay !== null
      ) {
        handOver.push(order);
        continue;
      }
      const prepared = await prepareForPlacement(
        {
          source: { kind: 'alert', ruleId: order.source.ruleId },
          symbol: order.symbol,
          side: order.side,
          type: order.type,
          price: order.price,
          origQty: order.origQty,
          quoteOrderQty: order.quoteOrderQty,
          action: order.action,
          referencePrice: order.referencePrice,
        },
        {
          rules,
          referencePrice: order.referencePrice,
          balances: () => Promise.reject(new Error('sized without balances')),
          rulePosition: () => Promise.reject(new Error('sized without a position')),
          limits: null,
          usage: () => Promise.reject(new Error('no daily limits')),
          now: Date.now(),
        },
      );
      if (!prepared.ok) {
        record.add({
          kind: 'update',
          order,
          update: { status: 'REJECTED', rejectReason: prepared.reason, rejectCode: null },
        });
        continue;
      }
      ready.push({ order, request: toOrderRequest(prepared.order, order.clientOrderId) });
    }
    for (const order of handOver) record.add({ kind: 'hand-over', order });

    // 2. Record every attempt before anything is sent (one statement): only what it marks is sent.
    const marked = await recordFirstPlaceAttempts(
      deps.db,
      ready.map(({ order, request }) => ({
        id: order.id,
        origQty: request.quantity ?? null,
        quoteOrderQty: request.quoteOrderQty ?? null,
        price: request.price ?? null,
      })),
    );
    const toSend = ready.filter(({ order }) => marked.has(order.id));
    // Their brokers (the keys in one query) when the registry can; else one by one as they go.
    const resolved = deps.brokers.forAccounts
      ? await deps.brokers.forAccounts(
          toSend.map(({ order }) => ({ userId: order.userId, account: accountOf(order) })),
        )
      : null;
    const brokerOf = async (order: BatchOrder): Promise<Broker> => {
      const found = resolved?.get(accountRef(order.userId, accountOf(order)));
      if (found instanceof NoBrokerError) throw found;
      return found ?? deps.brokers.forAccount(order.userId, accountOf(order));
    };

    // 3. Send, `lanes` at a time; each answer is recorded as it arrives.
    let next = 0;
    const send = async ({ order, request }: (typeof toSend)[number]) => {
      let broker: Broker;
      try {
        broker = await brokerOf(order);
      } catch (err) {
        // Attempt recorded, nothing sent: the refusal is final (a deleted or unreadable key).
        if (err instanceof NoBrokerError)
          return record.add({
            kind: 'update',
            order,
            update: { status: 'REJECTED', rejectReason: err.message, rejectCode: null },
          });
        log.warn({ err: String(err), orderId: order.id }, 'no broker for now; handed over');
        return record.add({ kind: 'hand-over', order });
      }
      let result: PlaceResult;
      try {
        result = await broker.place(request);
      } catch (err) {
        result = { outcome: 'unknown', reason: String(err) };
      }
      if (result.outcome === 'accepted')
        return record.add({ kind: 'update', order, update: updateFromState(result.order) });
      if (result.outcome === 'rejected' && !result.retryable)
        return record.add({
          kind: 'update',
          order,
          update: { status: 'REJECTED', rejectReason: result.message, rejectCode: result.code },
        });
      // Lost or refused for now: its own job looks it up (by client id) before any resend.
      log.warn(
        { orderId: order.id, outcome: result.outcome },
        'order answer not final; handed to its own job',
      );
      record.add({
        kind: 'hand-over',
        order,
        ...(result.outcome === 'unknown' ? { update: { status: 'UNKNOWN' } } : {}),
      });
    };
    await Promise.all(
      Array.from({ length: Math.min(lanes, toSend.length) }, async () => {
        while (next < toSend.length) await send(toSend[next++]!);
      }),
    );
    await record.done();
    log.info(
      {
        sent: toSend.length,
        handedOver: handOver.length,
        skipped: orders.length - ready.length - handOver.length,
      },
      'batch placed',
    );
  };
}
