// One symbol's market at the recordings' true dates, as one continuous run of 1m bars: the
// "timeline". Finest real data wins: a minute is recorded where a 1m file has it; elsewhere it is
// synthesised (bar-split.ts) inside its hour, which is recorded where the 1h file has it and else
// synthesised inside its recorded day. Because every level is cut out of the real coarser bar
// (same open, close, extremes and sums), the price path is the real one everywhere and every
// interval is exactly the aggregate of its 1m bars, including across the joins between regions.
// At a join the two sides are different real sources: where they disagree (rarely, by a tick) the
// path shows that real gap.
//
// Memory: recorded minutes are kept (≈150k for BTCUSDT); the 9 years are kept at the hour level
// (≈78k hours: totals, prefix sums, sparse tables of extremes), and the 60 minutes of an hour
// without recorded minutes are synthesised when asked for (a small LRU cache).
//
// Columns the 1m files lack are estimated here (see `estimateColumns`): quote volume from the
// volume at the bar's mean price (o+h+l+c)/4, trades from the volume at the trades-per-volume of
// the enclosing recorded hour (BTCUSDT) or day (ETHUSDT), taker-buy volume at that bar's taker
// share with a seeded wobble. Everything else served is recorded or derived from recorded bars.
import { DAY_MS, HOUR_MS, type KlineColumns, MINUTE_MS } from '../data/kline-file';
import {
  type UnitBar,
  type UnitSteps,
  aggregateUnitBars,
  fillAround,
  splitAggTrades,
  splitBar,
} from './bar-split';
import { barSeed, mulberry32 } from './intrabar-path';
import { type BarTotals, combineTotals } from './recording-index';
import { aggTradeCount } from './trade-tape';

/** The files of one symbol: a daily series (required), optionally hourly, any 1m runs. */
export interface SymbolFiles {
  symbol: string;
  day: KlineColumns;
  hour?: KlineColumns;
  minutes: KlineColumns[];
  steps: UnitSteps;
}

/** A span of timeline time (epoch ms, [from, to)) and the file it comes from. */
export interface RealSpan {
  from: number;
  to: number;
  file: string;
}

const HOUR_SYNTH = 0x68;
const DAY_SYNTH = 0x64;
const EDGE_SYNTH = 0x72;
const MINUTES_CACHE = 96;

const KIND_SPLIT = 0;
const KIND_REAL = 1;
const KIND_STORED = 2;

function barOf(c: KlineColumns, i: number): UnitBar {
  return {
    open: c.open[i]!,
    high: c.high[i]!,
    low: c.low[i]!,
    close: c.close[i]!,
    volume: c.volume[i]!,
    takerBuyBase: c.takerBuyBase![i]!,
    quoteVolume: c.quoteVolume![i]!,
    takerBuyQuote: c.takerBuyQuote![i]!,
    trades: c.trades![i]!,
  };
}

export class MarketTimeline {
  readonly symbol: string;
  readonly steps: UnitSteps;
  /** Open time of the first minute (the first recorded day). */
  readonly start: number;
  /** Minutes in the timeline. */
  readonly length: number;
  readonly hours: number;
  readonly realMinutes: RealSpan[];
  readonly realHours?: RealSpan;
  readonly realDays: RealSpan;

  // Hour level, for the whole timeline.
  private readonly hOpen: Float64Array;
  private readonly hHigh: Float64Array;
  private readonly hLow: Float64Array;
  private readonly hClose: Float64Array;
  private readonly hVolume: Float64Array;
  private readonly hTaker: Float64Array;
  private readonly hQuote: BigInt64Array;
  private readonly hTakerQuote: BigInt64Array;
  private readonly hTrades: Float64Array;
  private readonly kind: Uint8Array;
  /** Row in `m` of the hour's first minute (KIND_REAL). */
  private readonly realRow: Int32Array;
  /** The 60 minutes of hours only partly recorded (KIND_STORED). */
  private readonly stored = new Map<number, UnitBar[]>();
  /** Recorded minutes, all files one after another (estimated columns filled in). */
  private readonly m: KlineColumns;
  // Prefix sums over hours: p[h] = sum over hours [0, h).
  private readonly pVolume: SplitSum;
  private readonly pTaker: SplitSum;
  private readonly pQuote: SplitSum;
  private readonly pTakerQuote: SplitSum;
  private readonly pTrades: Float64Array;
  private readonly pAggs: Float64Array;
  /** Sparse tables: highs[k][i] = max high of hours [i, i + 2^k). */
  private readonly highs: Float64Array[];
  private readonly lows: Float64Array[];
  private readonly cache = new Map<number, UnitBar[]>();

  constructor(files: SymbolFiles) {
    const { day, hour, symbol, steps } = files;
    if (day.intervalMs !== DAY_MS || !day.trades) throw new Error(`${symbol}: bad daily series`);
    this.symbol = symbol;
    this.steps = steps;
    this.start = day.firstOpen;
    this.hours = day.length * 24;
    this.length = this.hours * 60;
    this.realDays = {
      from: day.firstOpen,
      to: day.firstOpen + day.length * DAY_MS,
      file: day.file,
    };
    if (hour)
      this.realHours = {
        from: hour.firstOpen,
        to: hour.firstOpen + hour.length * HOUR_MS,
        file: hour.file,
      };
    const H = this.hours;
    this.hOpen = new Float64Array(H);
    this.hHigh = new Float64Array(H);
    this.hLow = new Float64Array(H);
    this.hClose = new Float64Array(H);
    this.hVolume = new Float64Array(H);
    this.hTaker = new Float64Array(H);
    this.hQuote = new BigInt64Array(H);
    this.hTakerQuote = new BigInt64Array(H);
    this.hTrades = new Float64Array(H);
    this.kind = new Uint8Array(H);
    this.realRow = new Int32Array(H).fill(-1);

    // 1. Recorded minutes, with the columns their files lack estimated from the enclosing
    //    recorded hour or day; the hours they cover whole are known from them.
    const runs = [...files.minutes].sort((a, b) => a.firstOpen - b.firstOpen);
    this.m = concatMinutes(symbol, runs);
    this.realMinutes = runs.map((r) => ({
      from: r.firstOpen,
      to: r.firstOpen + r.length * MINUTE_MS,
      file: r.file,
    }));
    const hourIndex = (t: number) => (t - this.start) / HOUR_MS;
    const hFirst = hour ? hourIndex(hour.firstOpen) : H;
    const hEnd = hour ? hFirst + hour.length : H;
    const partial: { h: number; row: number; from: number; count: number }[] = [];
    let row = 0;
    for (const run of runs) {
      if (run.firstOpen < this.start || run.firstOpen + run.length * MINUTE_MS > this.realDays.to)
        throw new Error(`${run.file}: outside the daily series`);
      this.estimateColumns(run, row, day, hour);
      const m0 = (run.firstOpen - this.start) / MINUTE_MS;
      const m1 = m0 + run.length;
      for (let h = Math.floor(m0 / 60); h * 60 < m1; h++) {
        const a = Math.max(h * 60, m0);
        const b = Math.min(h * 60 + 60, m1);
        if (b - a === 60) {
          this.kind[h] = KIND_REAL;
          this.realRow[h] = row + a - m0;
        } else partial.push({ h, row: row + a - m0, from: a - h * 60, count: b - a });
      }
      row += run.length;
    }

    // 2. Hours, day by day. Known hours (finest first: from recorded minutes, else recorded) are
    //    kept; the others are cut out of the recorded day around them, so that they join the known
    //    hours' real prices.
    for (let d = 0; d < day.length; d++) {
      const dayOpen = this.start + d * DAY_MS;
      const h0 = d * 24;
      let from = -1;
      const real: UnitBar[] = [];
      for (let h = h0; h < h0 + 24; h++) {
        const known =
          this.kind[h] === KIND_REAL
            ? this.aggregateRows(this.realRow[h]!, 60)
            : h >= hFirst && h < hEnd
              ? barOf(hour!, h - hFirst)
              : undefined;
        if (!known) continue;
        if (from < 0) from = h - h0;
        else if (h - h0 !== from + real.length)
          throw new Error(`${symbol}: the known hours of day ${dayOpen} are not contiguous`);
        real.push(known);
      }
      const bars =
        real.length === 24
          ? real
          : fillAround(
              barOf(day, d),
              24,
              Math.max(0, from),
              real,
              (i) =>
                barSeed(symbol, dayOpen + i * HOUR_MS) ^ (real.length ? EDGE_SYNTH : DAY_SYNTH),
              steps,
            );
      for (let i = 0; i < 24; i++) this.setHour(h0 + i, bars[i]!);
    }

    // 3. Hours only partly recorded at 1m (the ends of the 1m files): the rest of their minutes
    //    are cut out of the hour (recorded, or synthesised in step 2) around the recorded ones.
    for (const { h, row: first, from, count } of partial) {
      const real: UnitBar[] = [];
      for (let i = 0; i < count; i++) real.push(this.realBar(first + i));
      const hourOpen = this.start + h * HOUR_MS;
      const minutes = fillAround(
        this.hourBar(h),
        60,
        from,
        real,
        (i) => barSeed(symbol, hourOpen + i * MINUTE_MS) ^ EDGE_SYNTH,
        steps,
        this.isRecordedHour(h),
      );
      this.stored.set(h, minutes);
      this.setHour(h, aggregateUnitBars(minutes));
      this.kind[h] = KIND_STORED;
    }

    // 3. Prefix sums (trades and aggregate trades need each hour's minute split) and extremes.
    this.pVolume = new SplitSum(H);
    this.pTaker = new SplitSum(H);
    this.pQuote = new SplitSum(H);
    this.pTakerQuote = new SplitSum(H);
    this.pTrades = new Float64Array(H + 1);
    this.pAggs = new Float64Array(H + 1);
    for (let h = 0; h < H; h++) {
      this.pVolume.add(h, this.hVolume[h]!);
      this.pTaker.add(h, this.hTaker[h]!);
      this.pQuote.add(h, this.hQuote[h]!);
      this.pTakerQuote.add(h, this.hTakerQuote[h]!);
      this.pTrades[h + 1] = this.pTrades[h]! + this.hTrades[h]!;
      this.pAggs[h + 1] = this.pAggs[h]! + this.hourAggs(h);
    }
    this.highs = [this.hHigh];
    this.lows = [this.hLow];
    for (let k = 1; 1 << k <= H; k++) {
      const half = 1 << (k - 1);
      const ph = this.highs[k - 1]!;
      const pl = this.lows[k - 1]!;
      const count = H - (1 << k) + 1;
      const hi = new Float64Array(count);
      const lo = new Float64Array(count);
      for (let i = 0; i < count; i++) {
        hi[i] = Math.max(ph[i]!, ph[i + half]!);
        lo[i] = Math.min(pl[i]!, pl[i + half]!);
      }
      this.highs.push(hi);
      this.lows.push(lo);
    }
  }

  get totalTrades(): number {
    return this.pTrades[this.hours]!;
  }

  get totalAggTrades(): number {
    return this.pAggs[this.hours]!;
  }

  /** Whether hour `h` is in the recorded hourly series. */
  private isRecordedHour(h: number): boolean {
    const t = this.start + h * HOUR_MS;
    return this.realHours !== undefined && t >= this.realHours.from && t < this.realHours.to;
  }

  /** The hour `h` (0-based from the start) as served: the aggregate of its minutes. */
  hourBar(h: number): UnitBar {
    return {
      open: this.hOpen[h]!,
      high: this.hHigh[h]!,
      low: this.hLow[h]!,
      close: this.hClose[h]!,
      volume: this.hVolume[h]!,
      takerBuyBase: this.hTaker[h]!,
      quoteVolume: this.hQuote[h]!,
      takerBuyQuote: this.hTakerQuote[h]!,
      trades: this.hTrades[h]!,
    };
  }

  /** The 60 minutes of hour `h`. */
  minutesOf(h: number): UnitBar[] {
    if (this.kind[h] === KIND_REAL) {
      const row = this.realRow[h]!;
      return Array.from({ length: 60 }, (_, i) => this.realBar(row + i));
    }
    const stored = this.stored.get(h);
    if (stored) return stored;
    const cached = this.cache.get(h);
    if (cached) {
      this.cache.delete(h);
      this.cache.set(h, cached);
      return cached;
    }
    const minutes = splitBar(this.hourBar(h), 60, this.hourSeed(h), this.steps);
    this.cache.set(h, minutes);
    if (this.cache.size > MINUTES_CACHE) this.cache.delete(this.cache.keys().next().value!);
    return minutes;
  }

  /** Minute `i` of the timeline, 0 <= i < length. */
  minute(i: number): UnitBar {
    const h = Math.floor(i / 60);
    if (this.kind[h] === KIND_REAL) return this.realBar(this.realRow[h]! + (i - h * 60));
    return this.minutesOf(h)[i - h * 60]!;
  }

  /** Trades in minutes [0, i), 0 <= i <= length. */
  tradesBefore(i: number): number {
    const h = Math.floor(i / 60);
    let sum = this.pTrades[h]!;
    if (i > h * 60) {
      const minutes = this.minutesOf(h);
      for (let j = 0; j < i - h * 60; j++) sum += minutes[j]!.trades;
    }
    return sum;
  }

  /** Aggregate trades (trade-tape.ts) in minutes [0, i). */
  aggTradesBefore(i: number): number {
    const h = Math.floor(i / 60);
    let sum = this.pAggs[h]!;
    if (i > h * 60) {
      const minutes = this.minutesOf(h);
      for (let j = 0; j < i - h * 60; j++) sum += aggTradeCount(minutes[j]!.trades);
    }
    return sum;
  }

  /** The minute holding aggregate trade `k`, 0 <= k < totalAggTrades: the last i with
   *  aggTradesBefore(i) <= k. */
  minuteOfAggTrade(k: number): number {
    let lo = 0;
    let hi = this.hours - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.pAggs[mid]! <= k) lo = mid;
      else hi = mid - 1;
    }
    const minutes = this.minutesOf(lo);
    let before = this.pAggs[lo]!;
    let found = 0;
    for (let j = 0; j < 60; j++) {
      if (before > k) break;
      found = j;
      before += aggTradeCount(minutes[j]!.trades);
    }
    return lo * 60 + found;
  }

  /** Totals of minutes [a, b), 0 <= a < b <= length. */
  totals(a: number, b: number): BarTotals {
    const ha = Math.ceil(a / 60);
    const hb = Math.floor(b / 60);
    if (ha >= hb) return this.minuteTotals(a, b);
    const parts: BarTotals[] = [];
    if (a < ha * 60) parts.push(this.minuteTotals(a, ha * 60));
    parts.push(this.hourTotals(ha, hb));
    if (hb * 60 < b) parts.push(this.minuteTotals(hb * 60, b));
    return parts.reduce(combineTotals);
  }

  private hourTotals(a: number, b: number): BarTotals {
    const k = 31 - Math.clz32(b - a);
    const span = 1 << k;
    return {
      open: BigInt(this.hOpen[a]!),
      high: BigInt(Math.max(this.highs[k]![a]!, this.highs[k]![b - span]!)),
      low: BigInt(Math.min(this.lows[k]![a]!, this.lows[k]![b - span]!)),
      close: BigInt(this.hClose[b - 1]!),
      volume: this.pVolume.between(a, b),
      quoteVolume: this.pQuote.between(a, b),
      takerBuyBase: this.pTaker.between(a, b),
      takerBuyQuote: this.pTakerQuote.between(a, b),
      trades: this.pTrades[b]! - this.pTrades[a]!,
    };
  }

  /** Totals of minutes [a, b) inside one hour (or ending on its end). */
  private minuteTotals(a: number, b: number): BarTotals {
    const bars: UnitBar[] = [];
    for (let i = a; i < b; i++) bars.push(this.minute(i));
    return toTotals(aggregateUnitBars(bars));
  }

  private hourSeed(h: number): number {
    return barSeed(this.symbol, this.start + h * HOUR_MS) ^ HOUR_SYNTH;
  }

  private hourAggs(h: number): number {
    if (this.kind[h] === KIND_SPLIT) return splitAggTrades(this.hTrades[h]!, 60, this.hourSeed(h));
    let sum = 0;
    if (this.kind[h] === KIND_REAL) {
      const row = this.realRow[h]!;
      for (let r = row; r < row + 60; r++) sum += aggTradeCount(this.m.trades![r]!);
      return sum;
    }
    for (const bar of this.minutesOf(h)) sum += aggTradeCount(bar.trades);
    return sum;
  }

  private setHour(h: number, bar: UnitBar): void {
    this.hOpen[h] = bar.open;
    this.hHigh[h] = bar.high;
    this.hLow[h] = bar.low;
    this.hClose[h] = bar.close;
    this.hVolume[h] = bar.volume;
    this.hTaker[h] = bar.takerBuyBase;
    this.hQuote[h] = bar.quoteVolume;
    this.hTakerQuote[h] = bar.takerBuyQuote;
    this.hTrades[h] = bar.trades;
  }

  /** Totals of `n` recorded minutes from `row`, straight from the columns. */
  private aggregateRows(row: number, n: number): UnitBar {
    const m = this.m;
    const out = this.realBar(row);
    for (let r = row + 1; r < row + n; r++) {
      out.high = Math.max(out.high, m.high[r]!);
      out.low = Math.min(out.low, m.low[r]!);
      out.volume += m.volume[r]!;
      out.takerBuyBase += m.takerBuyBase![r]!;
      out.quoteVolume += m.quoteVolume![r]!;
      out.takerBuyQuote += m.takerBuyQuote![r]!;
      out.trades += m.trades![r]!;
    }
    out.close = m.close[row + n - 1]!;
    return out;
  }

  private realBar(row: number): UnitBar {
    return barOf(this.m, row);
  }

  /**
   * Fills the columns `run` lacks (its rows start at `row` in the concatenated minutes). The
   * reference for trades per volume and taker share is the enclosing recorded hour, else the
   * recorded day.
   */
  private estimateColumns(
    run: KlineColumns,
    row: number,
    day: KlineColumns,
    hour: KlineColumns | undefined,
  ): void {
    const m = this.m;
    const random = mulberry32(barSeed(this.symbol, run.firstOpen) ^ 0x65);
    for (let i = 0; i < run.length; i++) {
      const r = row + i;
      const t = run.firstOpen + i * MINUTE_MS;
      const v = m.volume[r]!;
      const mean = (m.open[r]! + m.high[r]! + m.low[r]! + m.close[r]!) / 4;
      // An estimate, so float64 rounding above 2^53 units (a 90M USDT minute) does not matter.
      if (!run.quoteVolume) m.quoteVolume![r] = BigInt(Math.round((v * mean) / 1e8));
      const hourRow = hour ? Math.floor((t - hour.firstOpen) / HOUR_MS) : -1;
      const ref = hour && hourRow >= 0 && hourRow < hour.length ? hour : day;
      const refRow = ref === hour ? hourRow : Math.floor((t - day.firstOpen) / DAY_MS);
      const refVolume = ref.volume[refRow]!;
      if (!run.trades) {
        const perUnit = refVolume > 0 ? ref.trades![refRow]! / refVolume : 0;
        m.trades![r] = v > 0 ? Math.max(1, Math.round(v * perUnit)) : 0;
      }
      if (!run.takerBuyBase) {
        const share = refVolume > 0 ? ref.takerBuyBase![refRow]! / refVolume : 0.5;
        const wobbled = Math.min(1, Math.max(0, share + (random() - 0.5) * 0.3));
        m.takerBuyBase![r] = Math.floor((v * wobbled) / this.steps.volume) * this.steps.volume;
      }
      if (!run.takerBuyQuote)
        m.takerBuyQuote![r] =
          v > 0 ? BigInt(Math.floor((Number(m.quoteVolume![r]!) * m.takerBuyBase![r]!) / v)) : 0n;
    }
  }
}

/**
 * Prefix sums of 1e-8 units that outgrow float64 (nine years of quote volume is ~5.7e20 units) kept
 * exact without a bigint per hour: each value is split into whole units of 1e8 and the rest, and
 * each part's prefix stays far below 2^53.
 */
class SplitSum {
  private readonly whole: Float64Array;
  private readonly rest: Float64Array;

  constructor(n: number) {
    this.whole = new Float64Array(n + 1);
    this.rest = new Float64Array(n + 1);
  }

  /** Sets prefix i + 1 = prefix i + value. */
  add(i: number, value: number | bigint): void {
    let whole: number;
    let rest: number;
    if (typeof value === 'bigint') {
      whole = Number(value / 100_000_000n);
      rest = Number(value % 100_000_000n);
    } else {
      whole = Math.floor(value / 1e8);
      rest = value - whole * 1e8;
    }
    this.whole[i + 1] = this.whole[i]! + whole;
    this.rest[i + 1] = this.rest[i]! + rest;
  }

  /** Sum of values [a, b). */
  between(a: number, b: number): bigint {
    return (
      BigInt(this.whole[b]! - this.whole[a]!) * 100_000_000n + BigInt(this.rest[b]! - this.rest[a]!)
    );
  }
}

/** All runs of recorded minutes in one set of columns (missing columns allocated, zero). */
function concatMinutes(symbol: string, runs: KlineColumns[]): KlineColumns {
  const n = runs.reduce((s, r) => s + r.length, 0);
  const out: KlineColumns = {
    symbol,
    intervalMs: MINUTE_MS,
    file: runs.map((r) => r.file).join(', '),
    length: n,
    firstOpen: runs[0]?.firstOpen ?? 0,
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
    quoteVolume: new BigInt64Array(n),
    trades: new Float64Array(n),
    takerBuyBase: new Float64Array(n),
    takerBuyQuote: new BigInt64Array(n),
    priceDecimals: 0,
    volumeDecimals: 0,
  };
  let row = 0;
  let previousEnd = -Infinity;
  for (const r of runs) {
    if (r.firstOpen < previousEnd) throw new Error(`${r.file} overlaps another 1m file`);
    previousEnd = r.firstOpen + r.length * MINUTE_MS;
    out.open.set(r.open, row);
    out.high.set(r.high, row);
    out.low.set(r.low, row);
    out.close.set(r.close, row);
    out.volume.set(r.volume, row);
    if (r.quoteVolume) out.quoteVolume!.set(r.quoteVolume, row);
    if (r.trades) out.trades!.set(r.trades, row);
    if (r.takerBuyBase) out.takerBuyBase!.set(r.takerBuyBase, row);
    if (r.takerBuyQuote) out.takerBuyQuote!.set(r.takerBuyQuote, row);
    row += r.length;
  }
  return out;
}

export function toTotals(bar: UnitBar): BarTotals {
  return {
    open: BigInt(bar.open),
    high: BigInt(bar.high),
    low: BigInt(bar.low),
    close: BigInt(bar.close),
    volume: BigInt(bar.volume),
    quoteVolume: bar.quoteVolume,
    takerBuyBase: BigInt(bar.takerBuyBase),
    takerBuyQuote: bar.takerBuyQuote,
    trades: bar.trades,
  };
}
