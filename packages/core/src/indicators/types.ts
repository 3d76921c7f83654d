// The contract every incremental indicator follows. `update` commits a closed bar; `peek` answers
// "what would the output be if this forming bar closed now" without touching the state, so the
// chart's forming candle and intrabar alerts can ask as often as ticks arrive and the committed
// history stays exactly what a batch run over closed bars gives.
import type { ChartBar } from '../candle';

export type Bar = ChartBar;

export interface Indicator<O> {
  /** Closed bars consumed before the first output (TA-Lib's "lookback"). */
  readonly lookback: number;
  /** Commits a closed bar; returns the output, or null while warming up. */
  update(bar: Bar): O | null;
  /** The output if `bar` closed now; never changes the state. */
  peek(bar: Bar): O | null;
  reset(): void;
  /** Resets, then commits every bar; the state ends after the last bar (ready for live updates). */
  compute(bars: readonly Bar[]): (O | null)[];
}

export abstract class StreamingIndicator<O> implements Indicator<O> {
  abstract readonly lookback: number;
  /** One bar through the maths; state is written only when `commit` is true. */
  abstract next(bar: Bar, commit: boolean): O | null;
  abstract reset(): void;

  update(bar: Bar): O | null {
    return this.next(bar, true);
  }

  peek(bar: Bar): O | null {
    return this.next(bar, false);
  }

  compute(bars: readonly Bar[]): (O | null)[] {
    this.reset();
    const out = new Array<O | null>(bars.length);
    for (let i = 0; i < bars.length; i++) out[i] = this.next(bars[i]!, true);
    return out;
  }
}

/** A series over plain numbers (a moving average of RSI values, of MACD values…). */
export interface ValueSeries {
  readonly lookback: number;
  next(x: number, commit: boolean): number | null;
  reset(): void;
}

export const PRICE_SOURCES = ['close', 'open', 'high', 'low', 'hl2', 'hlc3', 'ohlc4'] as const;
export type PriceSource = (typeof PRICE_SOURCES)[number];

export function priceOf(bar: Bar, source: PriceSource): number {
  switch (source) {
    case 'close':
      return bar.close;
    case 'open':
      return bar.open;
    case 'high':
      return bar.high;
    case 'low':
      return bar.low;
    case 'hl2':
      return (bar.high + bar.low) / 2;
    case 'hlc3':
      return (bar.high + bar.low + bar.close) / 3;
    case 'ohlc4':
      return (bar.open + bar.high + bar.low + bar.close) / 4;
  }
}

/** TA-Lib's TA_IS_ZERO: treats |x| < 1e-8 as zero. */
export function isZero(x: number): boolean {
  return x > -1e-8 && x < 1e-8;
}

/** Wilder's true range; the first bar (no previous close) uses high − low. */
export function trueRange(bar: Bar, prevClose: number | null): number {
  let tr = bar.high - bar.low;
  if (prevClose === null) return tr;
  const up = Math.abs(bar.high - prevClose);
  if (up > tr) tr = up;
  const down = Math.abs(bar.low - prevClose);
  if (down > tr) tr = down;
  return tr;
}
