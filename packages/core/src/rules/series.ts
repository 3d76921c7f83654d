// The series a compiled rule reads. A reader answers two questions whose meaning depends on when
// it is asked (EvalContext):
//   at a bar close  now = the bar just committed,  then = the closed bar before it;
//   intrabar        now = the forming bar (peeked), then = the previous evaluation: the forming
//                   bar at the previous tick of this bar, or the last closed bar on a bar's first
//                   tick.
// Intrabar `then` is the previous tick, not the last close, because that is what "crossing" means
// to a trader watching a live price (TradingView's price alerts): a level crossed between two
// consecutive evaluations. Against the last close, a bar that opened above a level, dipped under
// it and came back up never "crossed" it (issue 9, item 13).
// null means "still warming up" and makes the comparison false.
//
// Classes rather than closures: a book holds hundreds of thousands of these, and a class instance
// is a few dozen bytes where a closure with its context (and tsx's name wrappers) costs far more.
import type { ChartBar } from '../candle';
import { priceAt, type Line } from '../drawings/line';
import { outputOf } from '../indicators/catalog';
import { priceOf } from '../indicators/types';
import { canonicalIndicator, type IndicatorSlot } from './indicator-bank';
import type { PriceField } from './rule';

export interface EvalContext {
  intrabar: boolean;
  /** The last committed (closed) bar and the one before it. */
  last: ChartBar | null;
  prev: ChartBar | null;
  /** The forming bar while intrabar. */
  forming: ChartBar | null;
  /** While intrabar: the same bar at the previous tick, or null on its first tick after a close. */
  previous: ChartBar | null;
  /** Changes on every tick, so each shared indicator is peeked once per tick. */
  stamp: number;
}

export interface Series {
  readonly label: string;
  /** Identifies what is read (two series with equal keys always read the same numbers). */
  readonly key: string;
  /** Lookback of the indicator read (0 for prices and constants). */
  readonly lookback: number;
  now(): number | null;
  then(): number | null;
  /** The series over `bars` computed from scratch (to warm a moving-by window). */
  replay(bars: readonly ChartBar[]): (number | null)[];
}

export function fieldOf(bar: ChartBar, field: PriceField): number {
  return field === 'volume' ? bar.volume : priceOf(bar, field);
}

export class ConstantSeries implements Series {
  readonly lookback = 0;
  readonly key: string;
  constructor(
    readonly label: string,
    readonly value: number,
  ) {
    this.key = `v:${value}`;
  }
  now(): number {
    return this.value;
  }
  then(): number {
    return this.value;
  }
  replay(bars: readonly ChartBar[]): number[] {
    return bars.map(() => this.value);
  }
}

export class PriceSeries implements Series {
  readonly lookback = 0;
  readonly key: string;
  constructor(
    readonly label: string,
    readonly field: PriceField,
    private readonly ctx: EvalContext,
  ) {
    this.key = `p:${field}`;
  }
  now(): number | null {
    const bar = this.ctx.intrabar ? this.ctx.forming : this.ctx.last;
    return bar ? fieldOf(bar, this.field) : null;
  }
  then(): number | null {
    const ctx = this.ctx;
    const bar = ctx.intrabar ? (ctx.previous ?? ctx.last) : ctx.prev;
    return bar ? fieldOf(bar, this.field) : null;
  }
  replay(bars: readonly ChartBar[]): number[] {
    return bars.map((b) => fieldOf(b, this.field));
  }
}

export class IndicatorSeries implements Series {
  readonly lookback: number;
  readonly key: string;
  constructor(
    readonly label: string,
    private readonly slot: IndicatorSlot,
    private readonly output: string,
    private readonly ctx: EvalContext,
    private readonly id: string,
    private readonly params: unknown,
  ) {
    this.lookback = slot.lookback;
    this.key = `i:${slot.key}:${output}`;
  }
  now(): number | null {
    const ctx = this.ctx;
    const v = ctx.intrabar && ctx.forming ? this.slot.peek(ctx.forming, ctx.stamp) : this.slot.last;
    return outputOf(v, this.output);
  }
  then(): number | null {
    const ctx = this.ctx;
    if (!ctx.intrabar) return outputOf(this.slot.before, this.output);
    const v = ctx.previous ? this.slot.peekPrevious(ctx.previous, ctx.stamp) : this.slot.last;
    return outputOf(v, this.output);
  }
  replay(bars: readonly ChartBar[]): (number | null)[] {
    const { entry, params } = canonicalIndicator(this.id, this.params);
    return entry
      .create(params)
      .compute(bars)
      .map((v) => outputOf(v, this.output));
  }
}

/** A drawn line's price at the time of the bar read (its open time, where the chart draws it). */
export class LineSeries implements Series {
  readonly lookback = 0;
  readonly key: string;
  constructor(
    readonly label: string,
    private readonly line: Line,
    private readonly ctx: EvalContext,
  ) {
    this.key = lineKey(line);
  }
  now(): number | null {
    const ctx = this.ctx;
    return this.at(ctx.intrabar ? ctx.forming : ctx.last);
  }
  then(): number | null {
    const ctx = this.ctx;
    return this.at(ctx.intrabar ? (ctx.previous ?? ctx.last) : ctx.prev);
  }
  replay(bars: readonly ChartBar[]): (number | null)[] {
    return bars.map((b) => priceAt(this.line, b.time));
  }
  private at(bar: ChartBar | null): number | null {
    return bar ? priceAt(this.line, bar.time) : null;
  }
}

/** Equal for two lines that give the same price at every time. */
export function lineKey(line: Line): string {
  return `l:${line.kind}:${line.anchors.map((a) => `${a.time}@${a.price}`).join(',')}`;
}

/**
 * One reader per (price field) and per (indicator instance, output) in a book, shared by every rule
 * that reads it: per-rule state is then only the rule's own test objects, which keeps a bar close
 * over hundreds of thousands of rules within cache.
 */
export class SeriesCache {
  private readonly prices = new Map<PriceField, PriceSeries>();
  constructor(readonly ctx: EvalContext) {}

  price(label: string, field: PriceField): PriceSeries {
    let s = this.prices.get(field);
    if (!s) {
      s = new PriceSeries(label, field, this.ctx);
      this.prices.set(field, s);
    }
    return s;
  }

  indicator(
    label: string,
    slot: IndicatorSlot,
    output: string,
    id: string,
    params: unknown,
  ): Series {
    let s = slot.readers.get(output) as Series | undefined;
    if (!s) {
      s = new IndicatorSeries(label, slot, output, this.ctx, id, params);
      slot.readers.set(output, s);
    }
    return s;
  }
}
