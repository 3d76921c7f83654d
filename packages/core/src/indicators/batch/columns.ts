// Bars as columns: one Float64Array per field, the shape the batch indicators and a backtest
// sweep read (contiguous doubles, no per-bar objects), built once from chart bars.
import type { ChartBar } from '../../candle';
import type { PriceSource } from '../types';

export interface BarColumns {
  /** Bar open time, UTC epoch seconds (as ChartBar). */
  time: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
}

export function barColumns(bars: readonly ChartBar[]): BarColumns {
  const n = bars.length;
  const cols: BarColumns = {
    time: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const b = bars[i]!;
    cols.time[i] = b.time;
    cols.open[i] = b.open;
    cols.high[i] = b.high;
    cols.low[i] = b.low;
    cols.close[i] = b.close;
    cols.volume[i] = b.volume;
  }
  return cols;
}

/** The price column an indicator reads, with priceOf's arithmetic (so values are identical). */
export function sourceColumn(cols: BarColumns, source: PriceSource): Float64Array {
  const { open: o, high: h, low: l, close: c } = cols;
  if (source === 'close') return c;
  if (source === 'open') return o;
  if (source === 'high') return h;
  if (source === 'low') return l;
  const n = c.length;
  const out = new Float64Array(n);
  if (source === 'hl2') for (let i = 0; i < n; i++) out[i] = (h[i]! + l[i]!) / 2;
  else if (source === 'hlc3') for (let i = 0; i < n; i++) out[i] = (h[i]! + l[i]! + c[i]!) / 3;
  else for (let i = 0; i < n; i++) out[i] = (o[i]! + h[i]! + l[i]! + c[i]!) / 4;
  return out;
}

/** A column of NaN (no value yet) of length n. */
export function nanColumn(n: number): Float64Array {
  return new Float64Array(n).fill(Number.NaN);
}

/** A column of length n whose first `lookback` values are NaN; the caller writes every later one.
 *  (Filling only the warm-up saves a pass over memory the kernel writes anyway.) */
export function outputColumn(n: number, lookback: number): Float64Array {
  return new Float64Array(n).fill(Number.NaN, 0, Math.min(Math.max(lookback, 0), n));
}
