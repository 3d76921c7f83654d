// The sim's matching engine for the accounts of sim-accounts.ts. Market orders (and limit orders
// priced through the book) fill at once against the QuoteSource's best bid/ask as the taker; other
// limit orders rest and fill at their own price, as the maker, once the replayed trade tape prints at
// or through it. Commission is 0.1% of what the account receives, in that asset (Binance's default
// tier). Every change is pushed to the account's listeners as Binance's executionReport and
// outboundAccountPosition events. State lives in memory: a restarted sim starts from the configured
// balances again.
//
// Client order ids follow Binance: unique among an account's OPEN orders ("Duplicate order sent."),
// so a client that retries a market order that already filled gets a second order, exactly the
// hazard the product's exactly-once placement must avoid by querying before it resends.
import { randomBytes } from 'node:crypto';
import { barOpenTime } from '@coinview/core/interval';
import { floorToStep, toUnits } from '../data/decimal';
import type { MarketReplay } from '../replay/market-replay';
import { tradesUntil } from '../replay/trade-tape';
import { BinanceError } from '../rest/binance-error';
import type { NewOrder } from './order-params';
import { type AccountConfig, SimAccount } from './sim-accounts';
import {
  type ExecutionType,
  type SimOrder,
  type SimTrade,
  accountPosition,
  executionReport,
} from './sim-order';
import type { QuoteSource } from './quote-source';
import { lastTradePrice } from './quote-source';
import { type SymbolRules, checkFilters, divUnits, mulUnits, rulesOf } from './symbol-rules';

/** Binance's default spot commission: 0.1% for maker and taker. */
export const COMMISSION_RATE = toUnits('0.001');
/** Orders and trades an account keeps; the oldest finished ones are forgotten past this. */
const HISTORY_LIMIT = 100_000;
/** A resting order looks back at most this far in the tape after a stall. */
const MAX_MATCH_CATCH_UP_MS = 30 * 60_000;

export type AccountEvent = ReturnType<typeof executionReport> | ReturnType<typeof accountPosition>;
export type AccountListener = (event: AccountEvent) => void;

export interface Placement {
  order: SimOrder;
  fills: SimTrade[];
}

interface AccountState {
  account: SimAccount;
  orders: Map<number, SimOrder>;
  /** The subset still open (NEW or PARTIALLY_FILLED), so placement need not scan the history. */
  open: Map<number, SimOrder>;
  /** `${symbol} ${clientOrderId}` → latest orderId with that id. */
  byClientId: Map<string, number>;
  trades: SimTrade[];
  listeners: Set<AccountListener>;
}

export const unknownOrder = () => new BinanceError(400, -2011, 'Unknown order sent.');
export const noSuchOrder = () => new BinanceError(400, -2013, 'Order does not exist.');

export interface SimExchangeOptions {
  replay: MarketReplay;
  /** Sim time (epoch ms): order times and the tape position. */
  now: () => number;
  quotes: QuoteSource;
  accounts: readonly AccountConfig[];
}

export class SimExchange {
  private readonly accounts = new Map<string, AccountState>();
  private readonly rules = new Map<string, SymbolRules>();
  private nextOrderId = 1;
  private nextTradeId = 1;
  /** Orders that rest on the book, per symbol. */
  private readonly resting = new Map<string, Set<{ state: AccountState; order: SimOrder }>>();
  private readonly scannedUntil = new Map<string, number>();
  /** Orders placed so far (the bench reads it as the sim's own count). */
  placedCount = 0;

  constructor(private readonly opts: SimExchangeOptions) {
    opts.accounts.forEach((config, i) => {
      const account = new SimAccount(i + 1, config);
      this.accounts.set(account.apiKey, {
        account,
        orders: new Map(),
        open: new Map(),
        byClientId: new Map(),
        trades: [],
        listeners: new Set(),
      });
    });
  }

  account(apiKey: string): SimAccount | undefined {
    return this.accounts.get(apiKey)?.account;
  }

  hasSymbol(symbol: string): boolean {
    return this.opts.replay.has(symbol);
  }

  /** Pushes the account's events to `listener` until the returned function is called. */
  listen(apiKey: string, listener: AccountListener): () => void {
    const state = this.state(apiKey);
    state.listeners.add(listener);
    return () => state.listeners.delete(listener);
  }

  place(apiKey: string, req: NewOrder): Placement {
    const state = this.state(apiKey);
    const { account } = state;
    if (!account.canTrade)
      throw new BinanceError(401, -2015, 'Invalid API-key, IP, or permissions for action.');
    const rules = this.rulesOf(req.symbol);
    const clientOrderId = req.clientOrderId ?? `sim${randomBytes(12).toString('base64url')}`;
    const existing = state.byClientId.get(`${req.symbol} ${clientOrderId}`);
    if (existing !== undefined && isOpen(state.orders.get(existing)))
      throw new BinanceError(400, -2010, 'Duplicate order sent.');

    const top = this.opts.quotes.top(req.symbol);
    if (!top && req.type === 'MARKET')
      throw new BinanceError(
        400,
        -2010,
        'Order book liquidity is less than symbol minimum quantity.',
      );
    const now = this.opts.now();
    const bid = top ? toUnits(top.bidPrice) : 0n;
    const ask = top ? toUnits(top.askPrice) : 0n;
    const bookPrice = req.side === 'BUY' ? ask : bid;
    const marketable =
      req.type === 'MARKET' ||
      (top !== null && (req.side === 'BUY' ? req.price! >= ask : req.price! <= bid));
    if (req.type === 'LIMIT_MAKER' && marketable)
      throw new BinanceError(400, -2010, 'Order would immediately match and take.');

    let quantity = req.quantity;
    if (quantity === undefined) {
      // quoteOrderQty: as much base as the quote amount buys (or sells for) at the book, on the step.
      quantity = floorToStep(divUnits(req.quoteOrderQty!, bookPrice), rules.stepSize);
    }
    checkFilters(rules, {
      side: req.side,
      type: req.type === 'MARKET' ? 'MARKET' : 'LIMIT',
      quantity,
      price: req.price,
      referencePrice: req.type === 'MARKET' ? bookPrice : req.price!,
      lastPrice: lastTradePrice(this.opts.replay, req.symbol, now),
      openOrders: this.openOrders(apiKey, req.symbol).length,
    });

    const lockAsset = req.side === 'BUY' ? rules.quoteAsset : rules.baseAsset;
    const locked =
      req.side === 'SELL' ? quantity : mulUnits(req.type === 'MARKET' ? ask : req.price!, quantity);
    account.lock(lockAsset, locked);

    const order: SimOrder = {
      symbol: req.symbol,
      orderId: this.nextOrderId++,
      clientOrderId,
      side: req.side,
      type: req.type,
      timeInForce: req.timeInForce,
      price: req.type === 'MARKET' ? 0n : req.price!,
      origQty: quantity,
      origQuoteOrderQty: req.quoteOrderQty ?? 0n,
      executedQty: 0n,
      cumQuote: 0n,
      status: 'NEW',
      time: now,
      updateTime: now,
      lockAsset,
      locked,
      since: now,
    };
    this.remember(state, order);
    this.placedCount++;
    account.updateTime = now;
    this.emitReport(state, order, 'NEW', now);
    this.emitPosition(state, [lockAsset], now);

    const fills: SimTrade[] = [];
    if (marketable) {
      fills.push(this.fill(state, rules, order, quantity, bookPrice, false, now));
    } else if (order.timeInForce !== 'GTC') {
      this.finish(state, order, 'EXPIRED', now);
    } else {
      const resting = this.restingOf(order.symbol);
      if (resting.size === 0) this.scannedUntil.set(order.symbol, now);
      resting.add({ state, order });
    }
    return { order, fills };
  }

  cancel(apiKey: string, symbol: string, ref: OrderRef, cancelClientId?: string) {
    const state = this.state(apiKey);
    const order = this.find(state, symbol, ref);
    if (!order || !isOpen(order)) throw unknownOrder();
    const now = this.opts.now();
    const cancelId = cancelClientId ?? `sim${randomBytes(12).toString('base64url')}`;
    this.finish(state, order, 'CANCELED', now, cancelId);
    return { order, cancelClientId: cancelId, transactTime: now };
  }

  /** Cancels every open order of the symbol (DELETE /api/v3/openOrders). */
  cancelAll(apiKey: string, symbol: string) {
    const open = this.openOrders(apiKey, symbol);
    if (open.length === 0) throw unknownOrder();
    return open.map((o) => this.cancel(apiKey, symbol, { orderId: o.orderId }));
  }

  get(apiKey: string, symbol: string, ref: OrderRef): SimOrder {
    const order = this.find(this.state(apiKey), symbol, ref);
    if (!order) throw noSuchOrder();
    return order;
  }

  openOrders(apiKey: string, symbol?: string): SimOrder[] {
    return [...this.state(apiKey).open.values()].filter(
      (o) => symbol === undefined || o.symbol === symbol,
    );
  }

  /** Every remembered order of the symbol, oldest first (GET /api/v3/allOrders). */
  allOrders(apiKey: string, symbol: string): SimOrder[] {
    return [...this.state(apiKey).orders.values()].filter((o) => o.symbol === symbol);
  }

  trades(apiKey: string, symbol: string): SimTrade[] {
    return this.state(apiKey).trades.filter((t) => t.symbol === symbol);
  }

  /** Fills resting orders the replayed trades reached since the last call. */
  matchResting(): void {
    const now = this.opts.now();
    for (const [symbol, orders] of this.resting) {
      const scanned = this.scannedUntil.get(symbol) ?? now;
      this.scannedUntil.set(symbol, now);
      if (orders.size === 0) {
        this.resting.delete(symbol);
        this.scannedUntil.delete(symbol);
        continue;
      }
      const rules = this.rulesOf(symbol);
      // Each order sees the trades printed after it was placed: (max(scanned, since), now].
      const ranges = new Map<number, ReturnType<SimExchange['printedRange']>>();
      for (const entry of [...orders]) {
        const { order, state } = entry;
        if (!isOpen(order)) {
          orders.delete(entry);
          continue;
        }
        const from = Math.max(scanned, order.since, now - MAX_MATCH_CATCH_UP_MS);
        if (from >= now) continue;
        if (!ranges.has(from)) ranges.set(from, this.printedRange(symbol, from, now));
        const range = ranges.get(from);
        if (!range) continue;
        const reached = order.side === 'BUY' ? range.low <= order.price : range.high >= order.price;
        if (!reached) continue;
        this.fill(state, rules, order, order.origQty - order.executedQty, order.price, true, now);
        orders.delete(entry);
      }
    }
  }

  /** Lowest and highest price the tape printed in (from, to], or undefined if nothing printed. */
  private printedRange(symbol: string, from: number, to: number) {
    let low: bigint | undefined;
    let high: bigint | undefined;
    for (let open = barOpenTime(from, '1m'); open <= to; open += 60_000) {
      const { tape } = this.opts.replay.tape(symbol, open);
      const a = tradesUntil(tape, from - open);
      const b = tradesUntil(tape, to - open);
      for (let i = a; i < b; i++) {
        const p = BigInt(tape.prices[i]!);
        if (low === undefined || p < low) low = p;
        if (high === undefined || p > high) high = p;
      }
    }
    return low === undefined || high === undefined ? undefined : { low, high };
  }

  private fill(
    state: AccountState,
    rules: SymbolRules,
    order: SimOrder,
    qty: bigint,
    price: bigint,
    isMaker: boolean,
    now: number,
  ): SimTrade {
    const { account } = state;
    const quote = mulUnits(price, qty);
    const buy = order.side === 'BUY';
    const received = buy ? qty : quote;
    const commission = mulUnits(received, COMMISSION_RATE);
    const receivedAsset = buy ? rules.baseAsset : rules.quoteAsset;
    // Release the share of the lock this quantity held: at the limit price for a limit buy.
    // (A market buy locked exactly what it spends at the ask, and fills at once.)
    const release = buy
      ? order.type === 'MARKET'
        ? order.locked
        : mulUnits(order.price, qty)
      : qty;
    const fromLock = release > order.locked ? order.locked : release;
    const spend = buy ? quote : qty;
    const lockBalance = account.balance(order.lockAsset);
    lockBalance.locked -= fromLock;
    lockBalance.free += fromLock - spend;
    order.locked -= fromLock;
    account.balance(receivedAsset).free += received - commission;

    const trade: SimTrade = {
      symbol: order.symbol,
      id: this.nextTradeId++,
      orderId: order.orderId,
      price,
      qty,
      quoteQty: quote,
      commission,
      commissionAsset: receivedAsset,
      time: now,
      isBuyer: buy,
      isMaker,
    };
    state.trades.push(trade);
    if (state.trades.length > HISTORY_LIMIT)
      state.trades.splice(0, state.trades.length - HISTORY_LIMIT);
    order.executedQty += qty;
    order.cumQuote += quote;
    order.status = order.executedQty >= order.origQty ? 'FILLED' : 'PARTIALLY_FILLED';
    order.updateTime = now;
    if (order.status === 'FILLED') state.open.delete(order.orderId);
    if (order.status === 'FILLED' && order.locked > 0n) {
      account.unlock(order.lockAsset, order.locked);
      order.locked = 0n;
    }
    account.updateTime = now;
    this.emitReport(state, order, 'TRADE', now, trade);
    this.emitPosition(state, [rules.baseAsset, rules.quoteAsset], now);
    return trade;
  }

  private finish(
    state: AccountState,
    order: SimOrder,
    status: 'CANCELED' | 'EXPIRED',
    now: number,
    cancelClientId?: string,
  ): void {
    order.status = status;
    order.updateTime = now;
    state.open.delete(order.orderId);
    if (order.locked > 0n) state.account.unlock(order.lockAsset, order.locked);
    order.locked = 0n;
    state.account.updateTime = now;
    this.emitReport(state, order, status, now, undefined, cancelClientId);
    this.emitPosition(state, [order.lockAsset], now);
  }

  private remember(state: AccountState, order: SimOrder): void {
    state.orders.set(order.orderId, order);
    state.open.set(order.orderId, order);
    state.byClientId.set(`${order.symbol} ${order.clientOrderId}`, order.orderId);
    if (state.orders.size <= HISTORY_LIMIT) return;
    for (const old of state.orders.values()) {
      if (isOpen(old)) continue;
      state.orders.delete(old.orderId);
      const key = `${old.symbol} ${old.clientOrderId}`;
      if (state.byClientId.get(key) === old.orderId) state.byClientId.delete(key);
      break;
    }
  }

  private find(state: AccountState, symbol: string, ref: OrderRef): SimOrder | undefined {
    const id = ref.orderId ?? state.byClientId.get(`${symbol} ${ref.clientOrderId}`);
    const order = id === undefined ? undefined : state.orders.get(id);
    if (!order || order.symbol !== symbol) return undefined;
    if (ref.clientOrderId !== undefined && order.clientOrderId !== ref.clientOrderId)
      return undefined;
    return order;
  }

  private emitReport(
    state: AccountState,
    order: SimOrder,
    execution: ExecutionType,
    now: number,
    trade?: SimTrade,
    cancelClientId?: string,
  ): void {
    if (state.listeners.size === 0) return;
    this.emit(state, executionReport({ order, execution, eventTime: now, trade, cancelClientId }));
  }

  private emitPosition(state: AccountState, assets: string[], now: number): void {
    if (state.listeners.size === 0) return;
    const wanted = new Set(assets);
    const balances = state.account.list().filter((b) => wanted.has(b.asset));
    this.emit(state, accountPosition(now, state.account.updateTime, balances));
  }

  private emit(state: AccountState, event: AccountEvent): void {
    for (const listener of [...state.listeners]) listener(event);
  }

  private restingOf(symbol: string) {
    let set = this.resting.get(symbol);
    if (!set) {
      set = new Set();
      this.resting.set(symbol, set);
    }
    return set;
  }

  private rulesOf(symbol: string): SymbolRules {
    let r = this.rules.get(symbol);
    if (!r) {
      r = rulesOf(this.opts.replay, symbol);
      this.rules.set(symbol, r);
    }
    return r;
  }

  private state(apiKey: string): AccountState {
    const s = this.accounts.get(apiKey);
    if (!s) throw new Error('unknown account (the caller authenticates first)');
    return s;
  }
}

export interface OrderRef {
  orderId?: number;
  clientOrderId?: string;
}

function isOpen(o: SimOrder | undefined): boolean {
  return o !== undefined && (o.status === 'NEW' || o.status === 'PARTIALLY_FILLED');
}
