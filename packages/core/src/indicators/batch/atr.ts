// ATR over columns as the incremental Atr computes it (TA-Lib: mean of the first `period` true
// ranges, then Wilder's smoothing), bit-identical. Lookback = period.
import { outputColumn } from './columns';

/** Wilder's true range of bar i (i ≥ 1), with trueRange's comparisons. */
export function trueRangeAt(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  i: number,
): number {
  const h = high[i]!;
  const l = low[i]!;
  const pc = close[i - 1]!;
  let tr = h - l;
  const up = Math.abs(h - pc);
  if (up > tr) tr = up;
  const down = Math.abs(l - pc);
  if (down > tr) tr = down;
  return tr;
}

export function atrBatch(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  period: number,
): Float64Array {
  const len = close.length;
  const p = period;
  const out = outputColumn(len, p);
  if (p >= len) return out;
  let v = 0;
  for (let i = 1; i < p; i++) v = v + trueRangeAt(high, low, close, i);
  v = (v + trueRangeAt(high, low, close, p)) / p;
  out[p] = v;
  const m = p - 1;
  for (let i = p + 1; i < len; i++) {
    v = (v * m + trueRangeAt(high, low, close, i)) / p;
    out[i] = v;
  }
  return out;
}
