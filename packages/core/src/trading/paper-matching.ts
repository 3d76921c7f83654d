// How a paper order fills, as Binance would fill it, as pure functions of the order, the book and the
// fee rate. The worker's paper broker feeds them the book (bookTicker / depth levels) and the trades
// it sees, and stores what comes out; the web uses `estimateFee` for the order ticket.
//
// - A MARKET order takes liquidity: a BUY walks the asks upwards, a SELL the bids downwards, level
//   by level, each level a fill at its own price (taker fee). A quoteOrderQty order spends (BUY) or
//   raises (SELL) at most that much quote, in whole steps.
// - A LIMIT order that crosses the book when placed takes what it crosses (taker) and rests with the
//   remainder; a resting LIMIT order fills at its limit price when a trade reaches it (maker fee).
//   Paper simplification: the whole remainder fills on the first trade at or through the limit (no
//   queue position, no partial fills from a small trade).
// - The fee is charged in the asset RECEIVED, as Binance does without BNB: a BUY pays it in base, a
//   SELL in quote; each fill's commission is rounded UP to the symbol's commission precision.
// - Resting orders lock what they may spend (a BUY's limit × quantity in quote, a SELL's quantity in
//   base) so the free balance is what can still be used, like Binance's free/locked.
// Every amount is a decimal string and every sum exact: the deltas of a sequence of fills add up to
// the last decimal.
import { Money, floorToStep, formatAmount, money, toDecimalString } from './money';
import type { AssetBalance, OrderFill, OrderSide } from './order';
import type { SymbolRules } from './symbol-rules';

export const DEFAULT_FEE_RATE = '0.001';

export interface BookLevel {
  price: string;
  quantity: string;
}

export interface FeeRates {
  /** Charged on fills that take liquidity (market orders, crossing limits). */
  taker: string;
  /** Charged on fills of resting limit orders. */
  maker: string;
}

export const DEFAULT_FEES: FeeRates = { taker: DEFAULT_FEE_RATE, maker: DEFAULT_FEE_RATE };

export type MatchRules = Pick<
  SymbolRules,
  'symbol' | 'baseAsset' | 'quoteAsset' | 'stepSize' | 'commissionPrecision'
>;

/** One fill before it gets its trade id and time (the broker assigns them). */
export interface PaperFill {
  price: string;
  quantity: string;
  /** price × quantity, exact. */
  quoteQty: string;
  commission: string;
  commissionAsset: string;
  isMaker: boolean;
}

/** A change to one asset's balance: amounts to add (negative to take away), exact. */
export interface BalanceDelta {
  asset: string;
  free: string;
  locked: string;
}

export interface MatchResult {
  fills: PaperFill[];
  executedQty: string;
  cummulativeQuoteQty: string;
  status: 'NEW' | 'PARTIALLY_FILLED' | 'FILLED';
  deltas: BalanceDelta[];
}

export type MatchOutcome = ({ ok: true } & MatchResult) | { ok: false; reason: string };

/** Accumulates per-asset changes exactly and emits them in a stable order. */
class Ledger {
  private readonly changes = new Map<string, { free: Money; locked: Money }>();
  add(asset: string, free: Money, locked: Money = new Money(0)): void {
    const c = this.changes.get(asset) ?? { free: new Money(0), locked: new Money(0) };
    this.changes.set(asset, { free: c.free.plus(free), locked: c.locked.plus(locked) });
  }
  deltas(): BalanceDelta[] {
    return [...this.changes.entries()]
      .filter(([, c]) => !c.free.isZero() || !c.locked.isZero())
      .map(([asset, c]) => ({
        asset,
        free: toDecimalString(c.free),
        locked: toDecimalString(c.locked),
      }));
  }
}

function commissionOf(
  side: OrderSide,
  price: Money,
  quantity: Money,
  rate: string,
  rules: MatchRules,
) {
  const received = side === 'BUY' ? quantity : price.times(quantity);
  return {
    commission: received
      .times(money(rate))
      .toDecimalPlaces(rules.commissionPrecision, Money.ROUND_UP),
    commissionAsset: side === 'BUY' ? rules.baseAsset : rules.quoteAsset,
  };
}

function makeFill(
  side: OrderSide,
  price: Money,
  quantity: Money,
  rate: string,
  isMaker: boolean,
  rules: MatchRules,
) {
  const { commission, commissionAsset } = commissionOf(side, price, quantity, rate, rules);
  return { price, quantity, quote: price.times(quantity), commission, commissionAsset, isMaker };
}
type Fill = ReturnType<typeof makeFill>;

/** Settles fills into the ledger: what leaves (from free or from locked) and what arrives, less fees. */
function settle(
  ledger: Ledger,
  side: OrderSide,
  fills: Fill[],
  rules: MatchRules,
  fromLocked: boolean,
) {
  for (const f of fills) {
    const [paid, paidAmount, got, gotAmount] =
      side === 'BUY'
        ? [rules.quoteAsset, f.quote, rules.baseAsset, f.quantity]
        : [rules.baseAsset, f.quantity, rules.quoteAsset, f.quote];
    if (fromLocked) ledger.add(paid, new Money(0), paidAmount.neg());
    else ledger.add(paid, paidAmount.neg());
    ledger.add(got, gotAmount.minus(f.commission));
  }
}

function result(fills: Fill[], ordered: Money | null, ledger: Ledger): MatchResult {
  const executed = fills.reduce((s, f) => s.plus(f.quantity), new Money(0));
  const quote = fills.reduce((s, f) => s.plus(f.quote), new Money(0));
  const status =
    ordered === null || executed.gte(ordered)
      ? 'FILLED'
      : executed.isZero()
        ? 'NEW'
        : 'PARTIALLY_FILLED';
  return {
    fills: fills.map((f) => ({
      price: toDecimalString(f.price),
      quantity: toDecimalString(f.quantity),
      quoteQty: toDecimalString(f.quote),
      commission: toDecimalString(f.commission),
      commissionAsset: f.commissionAsset,
      isMaker: f.isMaker,
    })),
    executedQty: toDecimalString(executed),
    cummulativeQuoteQty: toDecimalString(quote),
    status,
    deltas: ledger.deltas(),
  };
}

/** The book side an order takes from, best first: asks ascending for a BUY, bids descending for a SELL. */
function bestFirst(side: OrderSide, levels: readonly BookLevel[]) {
  const parsed = levels
    .map((l) => ({ price: money(l.price), quantity: money(l.quantity) }))
    .filter((l) => l.price.gt(0) && l.quantity.gt(0));
  return parsed.sort((a, b) => (side === 'BUY' ? a.price.cmp(b.price) : b.price.cmp(a.price)));
}

/**
 * Fills a MARKET order against the opposite side of the book. `levels` are the asks for a BUY, the
 * bids for a SELL (any order; best is taken first).
 */
export function matchMarketOrder(
  order: { side: OrderSide; quantity?: string; quoteOrderQty?: string },
  levels: readonly BookLevel[],
  rules: MatchRules,
  fees: FeeRates = DEFAULT_FEES,
): MatchOutcome {
  const book = bestFirst(order.side, levels);
  const last = book.at(-1);
  if (!last) return { ok: false, reason: `There is no price for ${rules.symbol} yet.` };
  const byQuote = order.quantity === undefined;
  let remaining = money(order.quantity ?? order.quoteOrderQty ?? '0');
  if (!remaining.gt(0)) return { ok: false, reason: 'The quantity must be above 0.' };

  const fills: Fill[] = [];
  // When the book runs out before the order does, the rest fills at the last (worst) level's price:
  // the synthesised book shows a few levels of a market that has more, and a paper market order must
  // not stay half-filled because of that. The price of the rest is the worst one seen, never better.
  const levelsThenRest = [...book, { price: last.price, quantity: null }];
  for (const level of levelsThenRest) {
    if (!remaining.gt(0)) break;
    let take = byQuote ? floorToStep(remaining.div(level.price), rules.stepSize) : remaining;
    if (level.quantity !== null && take.gt(level.quantity))
      take = floorToStep(level.quantity, rules.stepSize);
    if (!take.gt(0)) {
      if (byQuote && level.quantity === null) break; // the rest cannot buy one step
      continue;
    }
    fills.push(makeFill(order.side, level.price, take, fees.taker, false, rules));
    remaining = byQuote ? remaining.minus(level.price.times(take)) : remaining.minus(take);
  }
  if (fills.length === 0)
    return {
      ok: false,
      reason: `${formatAmount(order.quoteOrderQty ?? '0')} ${rules.quoteAsset} is less than one step of ${rules.baseAsset} at ${formatAmount(last.price)}.`,
    };
  const ledger = new Ledger();
  settle(ledger, order.side, fills, rules, false);
  return { ok: true, ...result(fills, null, ledger) };
}

/**
 * Places a LIMIT order: it takes whatever the book offers at or better than its limit (taker), and
 * the rest rests, locking its funds.
 */
export function placeLimitOrder(
  order: { side: OrderSide; price: string; quantity: string },
  levels: readonly BookLevel[],
  rules: MatchRules,
  fees: FeeRates = DEFAULT_FEES,
): MatchResult {
  const limit = money(order.price);
  const quantity = money(order.quantity);
  const crosses = (p: Money) => (order.side === 'BUY' ? p.lte(limit) : p.gte(limit));
  const fills: Fill[] = [];
  let remaining = quantity;
  for (const level of bestFirst(order.side, levels)) {
    if (!remaining.gt(0) || !crosses(level.price)) break;
    const take = floorToStep(Money.min(remaining, level.quantity), rules.stepSize);
    if (!take.gt(0)) continue;
    fills.push(makeFill(order.side, level.price, take, fees.taker, false, rules));
    remaining = remaining.minus(take);
  }
  const ledger = new Ledger();
  settle(ledger, order.side, fills, rules, false);
  if (remaining.gt(0)) lock(ledger, order.side, limit, remaining, rules, 1);
  return result(fills, quantity, ledger);
}

/** A BUY fills when a trade is at or below its limit, a SELL when at or above. */
export function limitCrossed(side: OrderSide, limitPrice: string, tradePrice: string): boolean {
  const trade = money(tradePrice);
  return side === 'BUY' ? trade.lte(limitPrice) : trade.gte(limitPrice);
}

/** Fills the remainder of a resting LIMIT order at its limit price (maker), paying from locked funds. */
export function fillRestingLimit(
  order: { side: OrderSide; price: string; remainingQty: string },
  rules: MatchRules,
  fees: FeeRates = DEFAULT_FEES,
): MatchResult {
  const fill = makeFill(
    order.side,
    money(order.price),
    money(order.remainingQty),
    fees.maker,
    true,
    rules,
  );
  const ledger = new Ledger();
  settle(ledger, order.side, [fill], rules, true);
  return result([fill], null, ledger);
}

/** Cancelling a resting LIMIT order gives its locked funds back to free. */
export function releaseRestingLimit(
  order: { side: OrderSide; price: string; remainingQty: string },
  rules: MatchRules,
): BalanceDelta[] {
  const ledger = new Ledger();
  lock(ledger, order.side, money(order.price), money(order.remainingQty), rules, -1);
  return ledger.deltas();
}

/** Moves a resting order's funds from free to locked (direction 1) or back (-1). */
function lock(
  ledger: Ledger,
  side: OrderSide,
  price: Money,
  quantity: Money,
  rules: MatchRules,
  direction: 1 | -1,
) {
  const [asset, amount] =
    side === 'BUY' ? [rules.quoteAsset, price.times(quantity)] : [rules.baseAsset, quantity];
  ledger.add(asset, amount.times(-direction), amount.times(direction));
}

/** Applies deltas to balances; `short` lists the assets whose free or locked would go below zero. */
export function applyDeltas(
  balances: readonly AssetBalance[],
  deltas: readonly BalanceDelta[],
): { balances: AssetBalance[]; short: string[] } {
  const out = new Map(
    balances.map((b) => [b.asset, { free: money(b.free), locked: money(b.locked) }]),
  );
  for (const d of deltas) {
    const b = out.get(d.asset) ?? { free: new Money(0), locked: new Money(0) };
    out.set(d.asset, { free: b.free.plus(money(d.free)), locked: b.locked.plus(money(d.locked)) });
  }
  const short = [...out.entries()]
    .filter(([, b]) => b.free.lt(0) || b.locked.lt(0))
    .map(([a]) => a);
  return {
    balances: [...out.entries()].map(([asset, b]) => ({
      asset,
      free: toDecimalString(b.free),
      locked: toDecimalString(b.locked),
    })),
    short,
  };
}

/** The fee a fill of `quantity` at `price` would cost, in the asset received (for the ticket). */
export function estimateFee(
  side: OrderSide,
  quantity: string,
  price: string,
  rules: MatchRules,
  rate: string = DEFAULT_FEE_RATE,
): { amount: string; asset: string } {
  const { commission, commissionAsset } = commissionOf(
    side,
    money(price),
    money(quantity),
    rate,
    rules,
  );
  return { amount: toDecimalString(commission), asset: commissionAsset };
}

/** Paper fills as order fills, numbered from `firstTradeId` at `time` (ms). */
export function toOrderFills(
  fills: readonly PaperFill[],
  firstTradeId: number,
  time: number,
): OrderFill[] {
  return fills.map((f, i) => ({
    tradeId: String(firstTradeId + i),
    price: f.price,
    quantity: f.quantity,
    commission: f.commission,
    commissionAsset: f.commissionAsset,
    time,
    isMaker: f.isMaker,
  }));
}
