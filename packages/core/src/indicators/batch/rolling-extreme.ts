// Highest / lowest of a sliding window over a column in amortised O(1) per value: a monotonic
// deque of indices (each new value drops the older ones it dominates), kept in a ring of `period`
// slots. Max and min are exact, so these equal the incremental indicators' RollingExtreme and
// window scans value for value.
import { outputColumn } from './columns';

function rolling(
  src: Float64Array,
  period: number,
  from: number,
  max: boolean,
  into?: Float64Array,
): Float64Array {
  const len = src.length;
  const first = from + period - 1;
  const out = into ?? outputColumn(len, first);
  const cap = period;
  const idx = new Int32Array(cap); // indices into src, oldest (the extreme) at head
  const val = new Float64Array(cap); // src at those indices
  let head = 0;
  let size = 0;
  for (let i = from; i < len; i++) {
    const x = src[i]!;
    if (size > 0 && idx[head]! <= i - period) {
      head = head + 1 === cap ? 0 : head + 1;
      size--;
    }
    let back = head + size - 1;
    if (back >= cap) back -= cap;
    if (max) {
      while (size > 0 && val[back]! <= x) {
        size--;
        back = back === 0 ? cap - 1 : back - 1;
      }
    } else {
      while (size > 0 && val[back]! >= x) {
        size--;
        back = back === 0 ? cap - 1 : back - 1;
      }
    }
    back = back + 1 === cap ? 0 : back + 1;
    if (size === 0) {
      head = back;
    }
    idx[back] = i;
    val[back] = x;
    size++;
    if (i >= first) out[i] = val[head]!;
  }
  return out;
}

/** out[i] = highest of src[i − period + 1 … i], from index from + period − 1 on (NaN before;
 *  with `into`, only the indices from there on are written). */
export function rollingMax(
  src: Float64Array,
  period: number,
  from = 0,
  into?: Float64Array,
): Float64Array {
  return rolling(src, period, from, true, into);
}

/** out[i] = lowest of src[i − period + 1 … i], as rollingMax. */
export function rollingMin(
  src: Float64Array,
  period: number,
  from = 0,
  into?: Float64Array,
): Float64Array {
  return rolling(src, period, from, false, into);
}
