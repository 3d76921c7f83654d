// SMA over a column, with SmaSeries's arithmetic step for step (running sum, dropped value
// subtracted first, the window re-added from its oldest value every `period` values), so the
// output is bit-identical to the incremental indicator's. `from` starts the series at that index
// (Stochastic smooths a column whose first values are not defined yet); `into` (not `src`) takes
// the output instead of a new column, its values before from + period − 1 set to NaN.
import { outputColumn } from './columns';

export function smaBatch(
  src: Float64Array,
  period: number,
  from = 0,
  into?: Float64Array,
): Float64Array {
  const len = src.length;
  const out = into
    ? into.fill(Number.NaN, 0, from + period - 1)
    : outputColumn(len, from + period - 1);
  let sum = 0;
  let since = 0;
  for (let i = from; i < len; i++) {
    const x = src[i]!;
    const j = i - from; // position in the series
    sum = j >= period ? sum - src[i - period]! + x : sum + x;
    if (j >= period - 1) out[i] = sum / period;
    if (++since >= period) {
      since = 0;
      let s = 0;
      for (let k = j >= period - 1 ? i - period + 1 : from; k <= i; k++) s += src[k]!;
      sum = s;
    }
  }
  return out;
}
