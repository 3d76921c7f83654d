// Sim minutes → timeline minutes, for any integer minute (before and after the recordings too).
// Minute m after the anchor plays timeline minute u = m + (TIMELINE_ANCHOR − timeline start): at
// the anchor the timeline is at 2025-02-04 20:00 UTC, in the last hour of the Jan-2025 1m
// recordings (they end at 20:19), so the 35 days behind the anchor are recorded minutes, the two
// years behind recorded hours (BTCUSDT) and the nine years behind recorded days.
//
// Why 20:00 and not 20:19 (the exact end): with the offset a whole number of hours, an anchor on
// an hour (the default: the start of a UTC day) makes every sim hour, 4h and day a whole number of
// timeline hours, served from the hour-level sums without synthesising a minute (1,000 daily bars
// in milliseconds), and a sim day is a real day. The 20 recorded minutes after the anchor are
// simply played right after it.
//
// Beyond the timeline it plays ping-pong: after its last minute it runs backwards (each bar
// time-reversed: open and close swapped, extremes and volumes unchanged, minute after minute from
// the last back to the first), then forwards again, and so on in both directions. The price is
// continuous at both turns (the last close is the first reversed open, the first open the last
// reversed close) with no scaling, and the loop is 2 × 3,260 days ≈ 17.9 years long: no default
// chart span at any interval (1,000 bars of 1d ≈ 2.7 years) sees a window twice.
//
// Trade and aggregate-trade counts run on through the turns, so ids stay monotonic forever.
import { DAY_MS, MINUTE_MS } from '../data/kline-file';
import type { RecordedBar } from '../data/recording';
import type { UnitBar } from './bar-split';
import type { MarketTimeline } from './market-timeline';
import { type BarTotals, combineTotals } from './recording-index';

/** The timeline instant that plays at the anchor: the last hour of the Jan-2025 1m recordings. */
export const TIMELINE_ANCHOR = Date.UTC(2025, 1, 4, 20, 0);

/** Where sim minute m falls in the timeline. */
export interface TimelinePosition {
  /** Timeline minute played (0-based from the timeline's first day). */
  minute: number;
  /** Its timeline open time (epoch ms, the recordings' true date). */
  time: number;
  /** Played backwards (the ping-pong's return leg). */
  reversed: boolean;
}

const floorDiv = (a: number, b: number) => Math.floor(a / b);

export class TimelineIndex {
  readonly timeline: MarketTimeline;
  /** Timeline minute played at sim minute 0 (the anchor). */
  readonly offset: number;
  /** Minutes in one ping-pong loop. */
  readonly period: number;
  private readonly origin: { trades: number; aggs: number };

  constructor(timeline: MarketTimeline) {
    this.timeline = timeline;
    this.offset = (TIMELINE_ANCHOR - timeline.start) / MINUTE_MS;
    if (!Number.isInteger(this.offset) || this.offset < 0 || this.offset >= timeline.length)
      throw new Error(`${timeline.symbol}: the timeline does not hold ${TIMELINE_ANCHOR}`);
    this.period = 2 * timeline.length;
    this.origin = { trades: 0, aggs: 0 };
    this.origin = { trades: this.tradesBefore(0), aggs: this.aggTradesBefore(0) };
  }

  /** Length of the loop in days (for /__sim/info). */
  get periodDays(): number {
    return (this.period * MINUTE_MS) / DAY_MS;
  }

  position(m: number): TimelinePosition {
    const L = this.timeline.length;
    const u = m + this.offset;
    const r = u - floorDiv(u, this.period) * this.period;
    const minute = r < L ? r : this.period - 1 - r;
    return { minute, time: this.timeline.start + minute * MINUTE_MS, reversed: r >= L };
  }

  /** The bar that plays at sim minute `m`. */
  bar(m: number): RecordedBar {
    const { minute, time, reversed } = this.position(m);
    const bar = recordedBarOf(this.timeline.minute(minute), time);
    return reversed ? { ...bar, open: bar.close, close: bar.open } : bar;
  }

  /** Trades in minutes before `m` since the anchor (negative before it). */
  tradesBefore(m: number): number {
    return (
      this.cumulative(m, this.timeline.totalTrades, (i) => this.timeline.tradesBefore(i)) -
      this.origin.trades
    );
  }

  /** Aggregate trades in minutes before `m` since the anchor. */
  aggTradesBefore(m: number): number {
    return (
      this.cumulative(m, this.timeline.totalAggTrades, (i) => this.timeline.aggTradesBefore(i)) -
      this.origin.aggs
    );
  }

  /** The sim minute holding aggregate trade `k` (counted like aggTradesBefore; any integer). */
  minuteOfAggTrade(k: number): number {
    const A = this.timeline.totalAggTrades;
    const K = k + this.origin.aggs;
    const loops = floorDiv(K, 2 * A);
    const rest = K - loops * 2 * A;
    // Forward leg: the timeline's own numbering; return leg: counted back from its end.
    const r =
      rest < A
        ? this.timeline.minuteOfAggTrade(rest)
        : this.period - 1 - this.timeline.minuteOfAggTrade(A - (rest - A) - 1);
    return loops * this.period + r - this.offset;
  }

  /** Totals of sim minutes [from, to); requires to > from. */
  totals(from: number, to: number): BarTotals {
    if (!(to > from)) throw new Error(`empty minute range [${from}, ${to})`);
    const L = this.timeline.length;
    let result: BarTotals | undefined;
    let u = from + this.offset;
    const end = to + this.offset;
    while (u < end) {
      const base = floorDiv(u, this.period) * this.period;
      const r = u - base;
      let part: BarTotals;
      let next: number;
      if (r < L) {
        next = Math.min(end, base + L);
        part = this.timeline.totals(r, next - base);
      } else {
        next = Math.min(end, base + this.period);
        const forward = this.timeline.totals(this.period - (next - base), this.period - r);
        part = { ...forward, open: forward.close, close: forward.open };
      }
      result = result ? combineTotals(result, part) : part;
      u = next;
    }
    return result!;
  }

  /** Count over timeline minutes before folded position u (both legs), loops included. */
  private cumulative(m: number, total: number, before: (i: number) => number): number {
    const L = this.timeline.length;
    const u = m + this.offset;
    const loops = floorDiv(u, this.period);
    const r = u - loops * this.period;
    const within = r <= L ? before(r) : 2 * total - before(this.period - r);
    return loops * 2 * total + within;
  }
}

/** A timeline bar in a RecordedBar's shape (tests compare what is served with what is stored). */
export function recordedBarOf(bar: UnitBar, openTime: number): RecordedBar {
  return {
    openTime,
    open: BigInt(bar.open),
    high: BigInt(bar.high),
    low: BigInt(bar.low),
    close: BigInt(bar.close),
    volume: BigInt(bar.volume),
    quoteVolume: bar.quoteVolume,
    trades: bar.trades,
    takerBuyBase: BigInt(bar.takerBuyBase),
    takerBuyQuote: bar.takerBuyQuote,
  };
}
