// WMA over a column with the incremental Wma's arithmetic step for step (running plain and
// weighted sums, the window re-added every `period` values), so values are bit-identical to it.
import { outputColumn } from './columns';

export function wmaBatch(src: Float64Array, period: number): Float64Array {
  const len = src.length;
  const n = period;
  const out = outputColumn(len, n - 1);
  const divisor = (n * (n + 1)) / 2;
  let sum = 0;
  let wsum = 0;
  let since = 0;
  for (let i = 0; i < len; i++) {
    const x = src[i]!;
    if (i >= n) {
      wsum = wsum - sum + n * x;
      sum = sum - src[i - n]! + x;
    } else {
      wsum = wsum + (i + 1) * x;
      sum = sum + x;
    }
    if (i >= n - 1) out[i] = wsum / divisor;
    if (++since >= n) {
      since = 0;
      const start = i >= n - 1 ? i - n + 1 : 0;
      let s = 0;
      let w = 0;
      for (let k = start; k <= i; k++) {
        const v = src[k]!;
        s += v;
        w += (k - start + 1) * v;
      }
      sum = s;
      wsum = w;
    }
  }
  return out;
}
