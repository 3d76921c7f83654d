// WMA over a column with the incremental Wma's arithmetic step for step (running plain and
// weighted sums, the window re-added every `period` values), so values are bit-identical to it.
// The loop runs in blocks of `period` bars with the re-add between blocks, so the per-bar step has
// no branches. (The incremental re-add after the first `period` values adds the same values in the
// same order as the warm-up did, so it is skipped here.)
import { outputColumn } from './columns';

export function wmaBatch(src: Float64Array, period: number): Float64Array {
  const len = src.length;
  const n = period;
  const out = outputColumn(len, n - 1);
  const divisor = (n * (n + 1)) / 2;
  let sum = 0;
  let wsum = 0;
  const warm = Math.min(n, len);
  for (let i = 0; i < warm; i++) {
    const x = src[i]!;
    wsum = wsum + (i + 1) * x;
    sum = sum + x;
  }
  if (len >= n) out[n - 1] = wsum / divisor;
  for (let i = n; i < len;) {
    const end = Math.min(i + n, len); // bars i … end − 1; a re-add follows bar i + n − 1
    for (; i < end; i++) {
      const x = src[i]!;
      wsum = wsum - sum + n * x;
      sum = sum - src[i - n]! + x;
      out[i] = wsum / divisor;
    }
    if (i % n === 0) {
      const start = i - n;
      let s = 0;
      let w = 0;
      for (let k = start; k < i; k++) {
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
