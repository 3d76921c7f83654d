// RSI over a column as RsiSeries computes it (TA-Lib: plain means of the first `period` changes,
// then Wilder's smoothing; 0 when gain + loss is zero), bit-identical. Lookback = period.
import { isZero } from '../types';
import { outputColumn } from './columns';

export function rsiBatch(src: Float64Array, period: number): Float64Array {
  const len = src.length;
  const out = outputColumn(len, period);
  if (period >= len) return out;
  const p = period;
  let gain = 0;
  let loss = 0;
  for (let i = 1; i <= p; i++) {
    const change = src[i]! - src[i - 1]!;
    const g = change > 0 ? change : 0;
    const l = change < 0 ? -change : 0;
    if (i < p) {
      gain = gain + g;
      loss = loss + l;
    } else {
      gain = (gain + g) / p;
      loss = (loss + l) / p;
    }
  }
  let total = gain + loss;
  out[p] = isZero(total) ? 0 : 100 * (gain / total);
  const m = p - 1;
  for (let i = p + 1; i < len; i++) {
    const change = src[i]! - src[i - 1]!;
    gain = (gain * m + (change > 0 ? change : 0)) / p;
    loss = (loss * m + (change < 0 ? -change : 0)) / p;
    total = gain + loss;
    out[i] = isZero(total) ? 0 : 100 * (gain / total);
  }
  return out;
}
