// CCI over columns as the incremental Cci computes it (TA-Lib: typical price against its SMA in
// units of 0.015 × mean absolute deviation), bit-identical. The mean deviation needs the whole
// window around the new mean, so this is O(period) per bar, as TA-Lib's CCI is.
import { outputColumn } from './columns';

export function cciBatch(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  period: number,
): Float64Array {
  const len = close.length;
  const n = period;
  const out = outputColumn(len, n - 1);
  const tp = new Float64Array(len);
  for (let i = 0; i < len; i++) tp[i] = (high[i]! + low[i]! + close[i]!) / 3;
  for (let i = n - 1; i < len; i++) {
    const x = tp[i]!;
    let s = x;
    for (let k = i - n + 1; k < i; k++) s += tp[k]!;
    const mean = s / n;
    let dev = Math.abs(x - mean);
    for (let k = i - n + 1; k < i; k++) dev += Math.abs(tp[k]! - mean);
    dev /= n;
    const diff = x - mean;
    out[i] = diff !== 0 && dev !== 0 ? diff / (0.015 * dev) : 0;
  }
  return out;
}
