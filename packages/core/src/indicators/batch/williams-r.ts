// Williams %R over columns as the incremental WilliamsR computes it (TA-Lib WILLR; 0 when the
// range is 0), bit-identical. Lookback period − 1.
import { rollingMax, rollingMin } from './rolling-extreme';

export function williamsRBatch(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  period: number,
): Float64Array {
  const len = close.length;
  // The result is written over the highest highs once read.
  const out = rollingMax(high, period);
  const ll = rollingMin(low, period);
  for (let i = period - 1; i < len; i++) {
    const h = out[i]!;
    const diff = (h - ll[i]!) / -100;
    out[i] = diff !== 0 ? (h - close[i]!) / diff : 0;
  }
  return out;
}
