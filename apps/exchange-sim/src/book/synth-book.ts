// The order book the sim serves, synthesised from the replayed trade tape so that it agrees with the
// trades a client sees:
//   - after a trade where the taker bought (m: false) the best ask is the trade price and the best
//     bid one to three ticks below; after a taker sell the best bid is the trade price and the ask
//     one to three ticks above. So bid < last ≤ ask, or bid ≤ last < ask, by the side of the trade.
//   - each side holds DEPTH_LEVELS levels, one per tick from the best price outwards;
//   - a level's quantity is a pure function of its side and price (on the lot grid, scaled by the
//     recording's average trade size), except the best level of each side, which changes with every
//     trade, as a real top of book does. So moving the book by a few ticks changes a few levels,
//     which keeps diff events small;
//   - the book's update id is the id of the last trade printed (the trade streams' `t`): it only
//     grows, and a snapshot at any moment names exactly the updates a diff stream has or has not
//     sent yet. That is what "How to manage a local order book correctly" needs: snapshot
//     `lastUpdateId`, then diff events whose `U` is the previous event's `u` + 1.
// The book is a function of sim time (through the tape), so REST snapshots, diff streams, book
// tickers and paper fills all see the same book, and a restart serves the same book again.
import type { Clock } from '@coinview/core/ports';
import { barOpenTime } from '@coinview/core/interval';
import { formatUnits } from '../data/decimal';
import type { MarketReplay } from '../replay/market-replay';
import { tradesUntil } from '../replay/trade-tape';
import { lastTradeAt } from './last-trade';

/** Levels held on each side. */
export const DEPTH_LEVELS = 1000;
const MIN = 60_000;
/** Minutes averaged for the level-size scale: the whole loop of the shipped 3-day recordings. */
const SCALE_MINUTES = 4320;
/** The spread is one to this many ticks. */
const MAX_SPREAD_TICKS = 3n;

/** A diff covers the levels of at most this much sim time (see tradedRanges). */
const MAX_DIFF_SPAN_MS = 30 * MIN;

const minOf = (...values: bigint[]) => values.reduce((a, b) => (b < a ? b : a));
const maxOf = (...values: bigint[]) => values.reduce((a, b) => (b > a ? b : a));

/** Union of closed ranges, ascending, overlapping or touching ones merged. */
function mergeRanges(ranges: [bigint, bigint][]): [bigint, bigint][] {
  const sorted = [...ranges].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  const out: [bigint, bigint][] = [];
  for (const [lo, hi] of sorted) {
    const last = out.at(-1);
    if (last && lo <= last[1]) last[1] = maxOf(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

export type BookSide = 'bids' | 'asks';
/** [price, quantity] as Binance prints them ("97310.55000000"). */
export type BookLevel = [string, string];

/** Best bid and offer, decimal strings (the shape the trading half prices market orders with). */
export interface BookTop {
  bidPrice: string;
  bidQty: string;
  askPrice: string;
  askQty: string;
}

/** The book of a symbol after one trade; prices in 1e-8 units. */
export interface BookState {
  symbol: string;
  /** Id of the last update applied (= the last trade's id). */
  updateId: number;
  bid: bigint;
  ask: bigint;
  /** Sim time of the last trade. */
  time: number;
}

export interface BookDiff {
  bids: BookLevel[];
  asks: BookLevel[];
}

interface SymbolGrid {
  tick: bigint;
  lot: bigint;
  /** Average trade size in lots: the typical level holds about this many. */
  scaleLots: number;
  hash: number;
}

function mix(h: number, value: number): number {
  h = Math.imul(h ^ value, 0x9e3779b1);
  return (h ^ (h >>> 15)) >>> 0;
}

/** Deterministic value in [0, 1) from the inputs. */
function unit(seed: number, ...values: number[]): number {
  let h = seed;
  for (const v of values) h = mix(mix(h, v | 0), Math.floor(v / 4294967296));
  h = Math.imul(h ^ (h >>> 13), 0x85ebca6b) >>> 0;
  return (h ^ (h >>> 16)) / 4294967296;
}

export class SynthBook {
  private readonly grids = new Map<string, SymbolGrid>();

  constructor(
    private readonly replay: MarketReplay,
    private readonly clock: Clock,
  ) {}

  has(symbol: string): boolean {
    return this.replay.has(symbol);
  }

  /** The book of `symbol` at sim time `now` (default: the sim's now). */
  state(symbol: string, now = this.clock.now()): BookState {
    const { tick } = this.grid(symbol);
    const trade = lastTradeAt(this.replay, symbol, now);
    const ticks =
      1 + Math.floor(unit(this.grid(symbol).hash, trade.id) ** 2 * Number(MAX_SPREAD_TICKS));
    const spread = tick * BigInt(ticks);
    const bid = trade.buyerMaker ? trade.price : trade.price - spread;
    return {
      symbol,
      updateId: trade.id,
      bid: bid > 0n ? bid : tick,
      ask: trade.buyerMaker ? trade.price + spread : trade.price,
      time: trade.time,
    };
  }

  /** Best bid and ask now, or null for a symbol the sim does not serve. */
  top(symbol: string): BookTop | null {
    if (!this.has(symbol)) return null;
    return this.topOf(this.state(symbol));
  }

  topOf(state: BookState): BookTop {
    return {
      bidPrice: formatUnits(state.bid),
      bidQty: formatUnits(this.quantity(state, 'bids', state.bid)),
      askPrice: formatUnits(state.ask),
      askQty: formatUnits(this.quantity(state, 'asks', state.ask)),
    };
  }

  /** The best `limit` levels of one side now, best first (bids descending, asks ascending). */
  levels(symbol: string, side: BookSide, limit: number): BookLevel[] {
    if (!this.has(symbol)) return [];
    return this.levelsOf(this.state(symbol), side, limit);
  }

  levelsOf(state: BookState, side: BookSide, limit: number): BookLevel[] {
    const out: BookLevel[] = [];
    for (const [price, qty] of this.band(state, side, Math.min(limit, DEPTH_LEVELS)))
      out.push([formatUnits(price), formatUnits(qty)]);
    return out;
  }

  /**
   * The depth diff event from `from` to `to` (same symbol): every level whose quantity changed at
   * any update in between, with its quantity in `to` (0 for levels not in `to`). A client applies
   * it to a snapshot taken at any of those updates (the first event after its snapshot usually
   * starts before it), so comparing the two ends is not enough: a level that came and went in
   * between must be sent too. Its size follows how far the price travelled, as on Binance.
   */
  diff(from: BookState, to: BookState): BookDiff {
    const traded = this.tradedRanges(from, to);
    return {
      bids: this.sideDiff(from, to, 'bids', traded),
      asks: this.sideDiff(from, to, 'asks', traded),
    };
  }

  private sideDiff(
    from: BookState,
    to: BookState,
    side: BookSide,
    traded: [bigint, bigint][],
  ): BookLevel[] {
    const { tick } = this.grid(to.symbol);
    const depth = BigInt(DEPTH_LEVELS - 1) * tick;
    const spread = MAX_SPREAD_TICKS * tick;
    const bids = side === 'bids';
    // Where this side's best price was in between: within [low - spread, high] for bids (a trade
    // at p leaves the bid at p or below), [low, high + spread] for asks; and at both ends.
    const bests: [bigint, bigint][] = traded.map(([low, high]) =>
      bids ? [low - spread, high] : [low, high + spread],
    );
    for (const state of [from, to]) {
      const b = bids ? state.bid : state.ask;
      bests.push([b, b]);
    }
    const bestMin = minOf(...bests.map((r) => r[0]));
    const bestMax = maxOf(...bests.map((r) => r[1]));
    // Every level any book in between held: each best's ladder, merged, best first.
    const held = mergeRanges(bests.map(([lo, hi]) => (bids ? [lo - depth, hi] : [lo, hi + depth])));
    if (bids) held.reverse();
    const best = bids ? to.bid : to.ask;
    const far = bids ? best - depth : best + depth;
    const out: BookLevel[] = [];
    for (const [lo, hi] of held) {
      const step = bids ? -tick : tick;
      for (let price = bids ? hi : lo; bids ? price >= lo : price <= hi; price += step) {
        if (price <= 0n) break;
        const inBook = bids ? price <= best && price >= far : price >= best && price <= far;
        if (!inBook) {
          out.push([formatUnits(price), formatUnits(0n)]);
          continue;
        }
        // A level of `to` differs from some book in between when it was that book's best, or
        // outside that book's ladder (beyond its best, or deeper than DEPTH_LEVELS).
        const changed =
          price === best ||
          (bids
            ? price >= bestMin || price < bestMax - depth
            : price <= bestMax || price > bestMin + depth);
        if (changed) out.push([formatUnits(price), formatUnits(this.quantity(to, side, price))]);
      }
    }
    return out;
  }

  /**
   * Price ranges of the trades printed from `from`'s trade to `to`'s (1e-8 units), one per minute,
   * over the last MAX_DIFF_SPAN_MS at most: a producer that was suspended for longer sends the
   * levels of that last stretch only.
   */
  private tradedRanges(from: BookState, to: BookState): [bigint, bigint][] {
    const since = Math.max(from.time, to.time - MAX_DIFF_SPAN_MS);
    const out: [bigint, bigint][] = [];
    for (let open = barOpenTime(since, '1m'); open <= to.time; open += MIN) {
      const { bar, tape } = this.replay.tape(to.symbol, open);
      if (open >= since && open + MIN <= to.time) {
        // A whole minute: its tape touches exactly the bar's low and high.
        out.push([bar.low, bar.high]);
        continue;
      }
      const first = tradesUntil(tape, since - open - 1);
      const last = tradesUntil(tape, to.time - open);
      if (last <= first) continue;
      let low = tape.prices[first]!;
      let high = low;
      for (let i = first + 1; i < last; i++) {
        low = Math.min(low, tape.prices[i]!);
        high = Math.max(high, tape.prices[i]!);
      }
      out.push([BigInt(low), BigInt(high)]);
    }
    return out;
  }

  /** Levels of one side, best first: one per tick, never at or below zero. */
  private *band(state: BookState, side: BookSide, count: number): Generator<[bigint, bigint]> {
    const { tick } = this.grid(state.symbol);
    const step = side === 'bids' ? -tick : tick;
    let price = side === 'bids' ? state.bid : state.ask;
    for (let i = 0; i < count && price > 0n; i++, price += step)
      yield [price, this.quantity(state, side, price)];
  }

  /** A level's size: a pure function of side and price, and of the update for the best level. */
  private quantity(state: BookState, side: BookSide, price: bigint): bigint {
    const g = this.grid(state.symbol);
    const ticks = Number(price / g.tick);
    const best = side === 'bids' ? state.bid : state.ask;
    const r =
      price === best
        ? unit(g.hash, side === 'bids' ? 1 : 2, ticks, state.updateId)
        : unit(g.hash, side === 'bids' ? 3 : 4, ticks);
    // Many small levels, a few walls: 0.1× to ~8× the average trade.
    const lots = Math.max(1, Math.floor(g.scaleLots * (0.1 + 8 * r ** 4)));
    return BigInt(lots) * g.lot;
  }

  private grid(symbol: string): SymbolGrid {
    let g = this.grids.get(symbol);
    if (!g) {
      const steps = this.replay.steps(symbol);
      const { totals } = this.replay.span(symbol, 0, 0, SCALE_MINUTES * MIN);
      const averageLots = Number(totals.volume / steps.volume) / Math.max(1, totals.trades);
      let hash = 2166136261;
      for (let i = 0; i < symbol.length; i++)
        hash = Math.imul(hash ^ symbol.charCodeAt(i), 16777619) >>> 0;
      g = { tick: steps.price, lot: steps.volume, scaleLots: Math.max(1, averageLots), hash };
      this.grids.set(symbol, g);
    }
    return g;
  }
}
