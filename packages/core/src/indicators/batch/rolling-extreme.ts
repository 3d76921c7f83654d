// Highest / lowest of a sliding window over a column in amortised O(1) per value: a monotonic
// deque of indices (each new value drops the older ones it dominates). Max and min are exact, so
// these equal the incremental indicators' RollingExtreme and window scans value for value.
import { nanColumn } from './columns';

function rolling(src: Float64Array, period: number, from: number, max: boolean): Float64Array {
  const len = src.length;
  const out = nanColumn(len);
  const deque = new Int32Array(Math.max(len - from, 1));
  let head = 0;
  let tail = 0; // deque = deque[head..tail)
  for (let i = from; i < len; i++) {
    const x = src[i]!;
    if (head < tail && deque[head]! <= i - period) head++;
    if (max) while (tail > head && src[deque[tail - 1]!]! <= x) tail--;
    else while (tail > head && src[deque[tail - 1]!]! >= x) tail--;
    deque[tail++] = i;
    if (i - from >= period - 1) out[i] = src[deque[head]!]!;
  }
  return out;
}

/** out[i] = highest of src[i − period + 1 … i], from index from + period − 1 on (NaN before). */
export function rollingMax(src: Float64Array, period: number, from = 0): Float64Array {
  return rolling(src, period, from, true);
}

/** out[i] = lowest of src[i − period + 1 … i], from index from + period − 1 on (NaN before). */
export function rollingMin(src: Float64Array, period: number, from = 0): Float64Array {
  return rolling(src, period, from, false);
}
