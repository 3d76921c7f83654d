// BarTotals (the sums and extremes of a run of 1m bars) and how two runs combine, used everywhere
// bars are aggregated. RecordingIndex is the sim's former replay: one recording looped forever
// (minute m plays recorded bar m mod N) with constant-time totals. The replay now plays a timeline
// (market-timeline.ts, timeline-index.ts); timeline.test.ts keeps RecordingIndex to show that the
// old 3-day loop fails the no-repeat check the timeline passes.
import { maxUnits, minUnits } from '../data/decimal';
import type { RecordedBar, Recording } from '../data/recording';
import { aggTradeCount } from './trade-tape';

/** Sums and extremes of a run of 1m bars; decimals in 1e-8 units. */
export interface BarTotals {
  open: bigint;
  high: bigint;
  low: bigint;
  close: bigint;
  volume: bigint;
  quoteVolume: bigint;
  takerBuyBase: bigint;
  takerBuyQuote: bigint;
  trades: number;
}

type SumField = 'volume' | 'quoteVolume' | 'takerBuyBase' | 'takerBuyQuote';
const SUM_FIELDS: SumField[] = ['volume', 'quoteVolume', 'takerBuyBase', 'takerBuyQuote'];

const mod = (a: number, n: number) => ((a % n) + n) % n;

export class RecordingIndex {
  readonly length: number;
  private readonly bars: RecordedBar[];
  /** prefix[f][i] = sum of field f over bars [0, i) */
  private readonly prefix: Record<SumField, bigint[]>;
  private readonly tradePrefix: number[];
  private readonly aggPrefix: number[];
  /** Sparse tables: highs[k][i] = max high of bars [i, i + 2^k). */
  private readonly highs: bigint[][];
  private readonly lows: bigint[][];

  constructor(recording: Recording) {
    this.bars = recording.bars;
    this.length = recording.bars.length;
    this.prefix = { volume: [0n], quoteVolume: [0n], takerBuyBase: [0n], takerBuyQuote: [0n] };
    this.tradePrefix = [0];
    this.aggPrefix = [0];
    for (const bar of this.bars) {
      for (const f of SUM_FIELDS) this.prefix[f].push(this.prefix[f].at(-1)! + bar[f]);
      this.tradePrefix.push(this.tradePrefix.at(-1)! + bar.trades);
      this.aggPrefix.push(this.aggPrefix.at(-1)! + aggTradeCount(bar.trades));
    }
    this.highs = [this.bars.map((b) => b.high)];
    this.lows = [this.bars.map((b) => b.low)];
    for (let k = 1; 1 << k <= this.length; k++) {
      const half = 1 << (k - 1);
      const ph = this.highs[k - 1]!;
      const pl = this.lows[k - 1]!;
      const count = this.length - (1 << k) + 1;
      this.highs.push(Array.from({ length: count }, (_, i) => maxUnits(ph[i]!, ph[i + half]!)));
      this.lows.push(Array.from({ length: count }, (_, i) => minUnits(pl[i]!, pl[i + half]!)));
    }
  }

  /** The recorded bar that plays at minute `m`. */
  bar(m: number): RecordedBar {
    return this.bars[mod(m, this.length)]!;
  }

  /** Trades recorded in minutes before `m` since minute 0 (negative before the anchor). */
  tradesBefore(m: number): number {
    return (
      Math.floor(m / this.length) * this.tradePrefix[this.length]! +
      this.tradePrefix[mod(m, this.length)]!
    );
  }

  /** Aggregate trades (see trade-tape.ts) in minutes before `m` since minute 0. */
  aggTradesBefore(m: number): number {
    return (
      Math.floor(m / this.length) * this.aggPrefix[this.length]! +
      this.aggPrefix[mod(m, this.length)]!
    );
  }

  /** The minute holding aggregate trade `k` (counted like aggTradesBefore; any integer). */
  minuteOfAggTrade(k: number): number {
    const perLoop = this.aggPrefix[this.length]!;
    const loops = Math.floor(k / perLoop);
    const rest = k - loops * perLoop;
    // Last i with aggPrefix[i] <= rest: bar i holds aggregate `rest` of its loop.
    let lo = 0;
    let hi = this.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.aggPrefix[mid]! <= rest) lo = mid;
      else hi = mid - 1;
    }
    return loops * this.length + lo;
  }

  /** Totals of the closed minutes [from, to); requires to > from. */
  totals(from: number, to: number): BarTotals {
    if (!(to > from)) throw new Error(`empty minute range [${from}, ${to})`);
    const [high, low] = this.extremes(from, to);
    const sum = (f: SumField) => this.cumulative(f, to) - this.cumulative(f, from);
    return {
      open: this.bar(from).open,
      high,
      low,
      close: this.bar(to - 1).close,
      volume: sum('volume'),
      quoteVolume: sum('quoteVolume'),
      takerBuyBase: sum('takerBuyBase'),
      takerBuyQuote: sum('takerBuyQuote'),
      trades: this.tradesBefore(to) - this.tradesBefore(from),
    };
  }

  private cumulative(field: SumField, m: number): bigint {
    const p = this.prefix[field];
    return BigInt(Math.floor(m / this.length)) * p[this.length]! + p[mod(m, this.length)]!;
  }

  private extremes(from: number, to: number): [bigint, bigint] {
    if (to - from >= this.length) return this.query(0, this.length);
    const start = mod(from, this.length);
    const end = start + (to - from);
    if (end <= this.length) return this.query(start, end);
    // The run crosses the loop seam: split it into the tail and the head of the recording.
    const [h1, l1] = this.query(start, this.length);
    const [h2, l2] = this.query(0, end - this.length);
    return [maxUnits(h1, h2), minUnits(l1, l2)];
  }

  /** Max high and min low over bars [a, b) of the recording, 0 <= a < b <= length. */
  private query(a: number, b: number): [bigint, bigint] {
    const k = 31 - Math.clz32(b - a);
    const span = 1 << k;
    return [
      maxUnits(this.highs[k]![a]!, this.highs[k]![b - span]!),
      minUnits(this.lows[k]![a]!, this.lows[k]![b - span]!),
    ];
  }
}

/** Merges consecutive totals (earlier first). */
export function combineTotals(a: BarTotals, b: BarTotals): BarTotals {
  return {
    open: a.open,
    high: maxUnits(a.high, b.high),
    low: minUnits(a.low, b.low),
    close: b.close,
    volume: a.volume + b.volume,
    quoteVolume: a.quoteVolume + b.quoteVolume,
    takerBuyBase: a.takerBuyBase + b.takerBuyBase,
    takerBuyQuote: a.takerBuyQuote + b.takerBuyQuote,
    trades: a.trades + b.trades,
  };
}
