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
    // Both sums run oldest to newest as the incremental Cci's do; unrolled by four (the same
    // additions in the same order, so the same bits) to cut the loop overhead per element.
    let s = x;
    let k = i - n + 1;
    for (; k + 3 < i; k += 4) {
      s += tp[k]!;
      s += tp[k + 1]!;
      s += tp[k + 2]!;
      s += tp[k + 3]!;
    }
    for (; k < i; k++) s += tp[k]!;
    const mean = s / n;
    let dev = Math.abs(x - mean);
    k = i - n + 1;
    for (; k + 3 < i; k += 4) {
      dev += Math.abs(tp[k]! - mean);
      dev += Math.abs(tp[k + 1]! - mean);
      dev += Math.abs(tp[k + 2]! - mean);
      dev += Math.abs(tp[k + 3]! - mean);
    }
    for (; k < i; k++) dev += Math.abs(tp[k]! - mean);
    dev /= n;
    const diff = x - mean;
    out[i] = diff !== 0 && dev !== 0 ? diff / (0.015 * dev) : 0;
  }
  return out;
}
