// Williams %R over columns as the incremental WilliamsR computes it (TA-Lib WILLR; 0 when the
// range is 0), bit-identical. Lookback period − 1.
import { rollingRange } from './rolling-range';

export function williamsRBatch(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  period: number,
): Float64Array {
  return rollingRange(high, low, close, period, 0, 'williamsR');
}
