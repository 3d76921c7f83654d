// SMA over a column, with SmaSeries's arithmetic step for step (running sum, dropped value
// subtracted first, the window re-added from its oldest value every `period` values), so the
// output is bit-identical to the incremental indicator's. `from` starts the series at that index
// (Stochastic smooths a column whose first values are not defined yet); `into` (not `src`) takes
// the output instead of a new column, its values before from + period − 1 set to NaN.
// The loop runs in blocks of `period` values with the re-add between blocks, so the per-value step
// has no branches. (SmaSeries's re-add after the first `period` values adds the same values in the
// same order as the warm-up did, so it is skipped here.)
import { outputColumn } from './columns';

export function smaBatch(
  src: Float64Array,
  period: number,
  from = 0,
  into?: Float64Array,
): Float64Array {
  const len = src.length;
  const n = period;
  const out = into ? into.fill(Number.NaN, 0, from + n - 1) : outputColumn(len, from + n - 1);
  let sum = 0;
  const warm = Math.min(from + n, len);
  for (let i = from; i < warm; i++) sum = sum + src[i]!;
  if (len >= from + n) out[from + n - 1] = sum / n;
  for (let i = from + n; i < len;) {
    const end = Math.min(i + n, len); // values i … end − 1; a re-add follows a full block
    for (; i < end; i++) {
      sum = sum - src[i - n]! + src[i]!;
      out[i] = sum / n;
    }
    if ((i - from) % n === 0) {
      let s = 0;
      for (let k = i - n; k < i; k++) s += src[k]!;
      sum = s;
    }
  }
  return out;
}
