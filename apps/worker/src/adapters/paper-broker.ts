// The paper side of core's Broker port: one user's paper account in Postgres. Orders match as
// Binance would (core's paper-matching): a MARKET order walks the exchange's book (depth: buys up
// the asks, sells down the bids, a fill per level) with the taker fee in the asset received; a
// LIMIT order takes what it crosses and rests with its funds locked until the market reaches it
// (services/order-executor/paper-limit-matcher.ts) or it is cancelled.
//
// Exactly once without an exchange: placing is ONE transaction — the order row is locked, the
// balances move (a conditional update: never below zero) and the order gets its status and fills.
// So `query` can answer from the order row alone: PENDING/UNKNOWN there means nothing was placed.
import type { Broker, CancelResult, PlaceResult } from '@coinview/core/trading/broker';
import { money, toDecimalString } from '@coinview/core/trading/money';
import type {
  AssetBalance,
  OrderRequest,
  OrderSide,
  OrderState,
} from '@coinview/core/trading/order';
import {
  type BookLevel,
  type FeeRates,
  type MatchResult,
  fillRestingLimit,
  limitCrossed,
  matchMarketOrder,
  placeLimitOrder,
  releaseRestingLimit,
  toOrderFills,
} from '@coinview/core/trading/paper-matching';
import type { Db, Prisma } from '@coinview/db/client';
import {
  type OrderView,
  applyOrderUpdateInTx,
  findOrderByClientOrderId,
  listOpenOrdersOfAccount,
} from '@coinview/db/orders';
import {
  InsufficientPaperBalanceError,
  applyPaperDeltasInTx,
  getOrCreatePaperAccount,
} from '@coinview/db/paper-accounts';
import { queueOrderNotices } from '../services/order-notifications/order-notice-queue';
import type { SymbolRulesSource } from '../services/order-executor/symbol-rules-cache';
import type { BookTop, BookTopSource } from './book-ticker';

const PAPER = { kind: 'paper' } as const;

/** A paper fill is recorded here, in the broker's transaction: its notices are queued with it. */
async function noticeIfDue(tx: Prisma.TransactionClient, order: OrderView): Promise<void> {
  if (order.status === 'FILLED' || order.status === 'PARTIALLY_FILLED')
    await queueOrderNotices(tx, {
      orderId: order.id,
      status: order.status,
      executedQty: order.executedQty,
    });
}

export interface PaperBrokerOptions {
  db: Db;
  userId: string;
  book: BookTopSource;
  rules: SymbolRulesSource;
  fees: FeeRates;
  /** Quote balance a new paper account starts with (PAPER_STARTING_BALANCE). */
  startingBalance: string;
  now?: () => number;
}

export function stateOf(order: OrderView): OrderState {
  return {
    clientOrderId: order.clientOrderId,
    exchangeOrderId: order.exchangeOrderId,
    symbol: order.symbol,
    side: order.side,
    type: order.type,
    status: order.status,
    price: order.price,
    origQty: order.origQty ?? order.executedQty,
    executedQty: order.executedQty,
    cummulativeQuoteQty: order.cummulativeQuoteQty,
    fills: order.fills ?? [],
    time: order.sentAt ?? order.createdAt,
    updateTime: order.updatedAt,
  };
}

const refused = (message: string): PlaceResult => ({
  outcome: 'rejected',
  code: null,
  message,
  retryable: false,
});

export class PaperBroker implements Broker {
  private readonly now: () => number;

  constructor(private readonly opts: PaperBrokerOptions) {
    this.now = opts.now ?? Date.now;
  }

  private account() {
    return getOrCreatePaperAccount(this.opts.db, this.opts.userId, {
      startingBalance: this.opts.startingBalance,
    });
  }

  /** What a taker order walks: the book's levels on the other side, or its top when that is all. */
  private async takerLevels(symbol: string, side: OrderSide): Promise<BookLevel[]> {
    const { book } = this.opts;
    if (book.levels) return book.levels(symbol, side);
    const top = await book.top(symbol);
    if (!top) return [];
    return [
      side === 'BUY'
        ? { price: top.askPrice, quantity: top.askQty }
        : { price: top.bidPrice, quantity: top.bidQty },
    ];
  }

  async place(request: OrderRequest): Promise<PlaceResult> {
    const { db, userId } = this.opts;
    const order = await findOrderByClientOrderId(db, userId, PAPER, request.clientOrderId);
    if (!order) return refused('This order is not in the paper account.');
    if (order.status !== 'PENDING' && order.status !== 'UNKNOWN')
      return { outcome: 'accepted', order: stateOf(order) }; // placed by an earlier attempt
    const rules = await this.opts.rules.get(request.symbol);
    if (!rules) return refused(`${request.symbol} is not traded on this exchange.`);
    await this.account();
    const levels = await this.takerLevels(request.symbol, request.side);
    let match: MatchResult;
    if (request.type === 'MARKET') {
      const outcome = matchMarketOrder(request, levels, rules, this.opts.fees);
      if (!outcome.ok) return refused(outcome.reason);
      match = outcome;
    } else {
      if (!request.price || !request.quantity)
        return refused('A limit order needs a price and a quantity.');
      match = placeLimitOrder(
        { side: request.side, price: request.price, quantity: request.quantity },
        levels,
        rules,
        this.opts.fees,
      );
    }
    const time = this.now();
    try {
      const result = await db.$transaction(async (tx) => {
        // Locks the order row first: a concurrent attempt waits, then finds it placed.
        const locked = await applyOrderUpdateInTx(tx, order.id, {});
        if (!locked) return null;
        if (locked.order.status !== 'PENDING' && locked.order.status !== 'UNKNOWN')
          return locked.order;
        await applyPaperDeltasInTx(tx, userId, match.deltas);
        const applied = await applyOrderUpdateInTx(tx, order.id, {
          status: match.status,
          exchangeOrderId: order.id,
          fills: toOrderFills(match.fills, 1, time),
        });
        if (applied?.changed) await noticeIfDue(tx, applied.order);
        return applied?.order ?? null;
      });
      if (!result) return refused('This order is not in the paper account.');
      return { outcome: 'accepted', order: stateOf(result) };
    } catch (err) {
      if (err instanceof InsufficientPaperBalanceError) return refused(err.message);
      throw err;
    }
  }

  async cancel(symbol: string, clientOrderId: string): Promise<CancelResult> {
    const { db, userId } = this.opts;
    const order = await findOrderByClientOrderId(db, userId, PAPER, clientOrderId);
    if (!order || order.symbol !== symbol)
      return { outcome: 'rejected', code: -2011, message: 'There is no such open order.' };
    const rules = await this.opts.rules.get(symbol);
    if (!rules) return { outcome: 'rejected', code: null, message: `${symbol} is not traded.` };
    const result = await db.$transaction(async (tx) => {
      const locked = await applyOrderUpdateInTx(tx, order.id, {});
      const current = locked?.order;
      if (!current || (current.status !== 'NEW' && current.status !== 'PARTIALLY_FILLED'))
        return null;
      if (current.type === 'LIMIT' && current.price && current.origQty) {
        const remainingQty = subtract(current.origQty, current.executedQty);
        await applyPaperDeltasInTx(
          tx,
          userId,
          releaseRestingLimit({ side: current.side, price: current.price, remainingQty }, rules),
        );
      }
      return (await applyOrderUpdateInTx(tx, order.id, { status: 'CANCELED' }))?.order ?? null;
    });
    if (!result) return { outcome: 'rejected', code: -2011, message: 'The order is not open.' };
    return { outcome: 'canceled', order: stateOf(result) };
  }

  /**
   * Fills a resting LIMIT order when the book has come to its price (a BUY when the ask is at or
   * below the limit, a SELL when the bid is at or above it), at the limit price with the maker
   * fee, paid from its locked funds. Returns the order when it filled, null otherwise.
   */
  async fillIfCrossed(clientOrderId: string, top: BookTop | null): Promise<OrderView | null> {
    const { db, userId } = this.opts;
    const order = await findOrderByClientOrderId(db, userId, PAPER, clientOrderId);
    if (!order || order.type !== 'LIMIT' || !order.price || !order.origQty || !top) return null;
    const price = order.price;
    const reached =
      order.side === 'BUY'
        ? /[1-9]/.test(top.askPrice) && limitCrossed('BUY', price, top.askPrice)
        : /[1-9]/.test(top.bidPrice) && limitCrossed('SELL', price, top.bidPrice);
    if (!reached) return null;
    const rules = await this.opts.rules.get(order.symbol);
    if (!rules) return null;
    const time = this.now();
    return db.$transaction(async (tx) => {
      const current = (await applyOrderUpdateInTx(tx, order.id, {}))?.order;
      if (!current || (current.status !== 'NEW' && current.status !== 'PARTIALLY_FILLED'))
        return null;
      const remainingQty = subtract(current.origQty ?? '0', current.executedQty);
      const match = fillRestingLimit(
        { side: current.side, price, remainingQty },
        rules,
        this.opts.fees,
      );
      await applyPaperDeltasInTx(tx, userId, match.deltas);
      const applied = await applyOrderUpdateInTx(tx, order.id, {
        status: 'FILLED',
        fills: toOrderFills(match.fills, (current.fills?.length ?? 0) + 1, time),
      });
      if (applied?.changed) await noticeIfDue(tx, applied.order);
      return applied?.order ?? null;
    });
  }

  async query(_symbol: string, clientOrderId: string): Promise<OrderState | null> {
    const order = await findOrderByClientOrderId(
      this.opts.db,
      this.opts.userId,
      PAPER,
      clientOrderId,
    );
    if (!order || order.status === 'PENDING' || order.status === 'UNKNOWN') return null;
    return stateOf(order);
  }

  async openOrders(symbol?: string): Promise<OrderState[]> {
    const open = await listOpenOrdersOfAccount(this.opts.db, this.opts.userId, PAPER);
    return open
      .filter((o) => o.status === 'NEW' || o.status === 'PARTIALLY_FILLED')
      .filter((o) => symbol === undefined || o.symbol === symbol)
      .map(stateOf);
  }

  async balances(): Promise<AssetBalance[]> {
    return (await this.account()).balances;
  }
}

const subtract = (a: string, b: string): string => toDecimalString(money(a).minus(money(b)));
