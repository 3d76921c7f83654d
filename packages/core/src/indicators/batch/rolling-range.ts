// Highest high and lowest low of a sliding window, combined per bar into the value an indicator
// wants (midpoint for Ichimoku, raw %K for Stochastic, %R for Williams), in one pass: two
// monotonic deques of indices (each new value drops the older ones it dominates), kept in rings of
// `period` slots, amortised O(1) per bar. Max and min are exact, so the values equal the
// incremental indicators' (RollingExtreme, window scans) bit for bit. One pass writing one column
// matters: on 1M bars, first writes to a fresh 8 MB column cost about as much as the arithmetic.
import { fastK } from '../stochastic';
import { outputColumn } from './columns';

export type RangeValue = 'midpoint' | 'fastK' | 'williamsR';

/** out[i] for i ≥ from + period − 1 from the highest of high[i − period + 1 … i], the lowest of
 *  low[…] and close[i]; NaN before (with `into`, only the later indices are written). */
export function rollingRange(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  period: number,
  from: number,
  value: RangeValue,
  into?: Float64Array,
): Float64Array {
  const len = close.length;
  const first = from + period - 1;
  const out = into ?? outputColumn(len, first);
  const mode = value === 'midpoint' ? 0 : value === 'fastK' ? 1 : 2;
  const cap = period;
  const hIdx = new Int32Array(cap);
  const hVal = new Float64Array(cap);
  const lIdx = new Int32Array(cap);
  const lVal = new Float64Array(cap);
  let hHead = 0;
  let hSize = 0;
  let lHead = 0;
  let lSize = 0;
  for (let i = from; i < len; i++) {
    const expired = i - period;
    // Highest: drop the front if it left the window, then every value x dominates.
    const h = high[i]!;
    if (hSize > 0 && hIdx[hHead]! <= expired) {
      hHead = hHead + 1 === cap ? 0 : hHead + 1;
      hSize--;
    }
    let back = hHead + hSize - 1;
    if (back >= cap) back -= cap;
    while (hSize > 0 && hVal[back]! <= h) {
      hSize--;
      back = back === 0 ? cap - 1 : back - 1;
    }
    back = back + 1 === cap ? 0 : back + 1;
    if (hSize === 0) hHead = back;
    hIdx[back] = i;
    hVal[back] = h;
    hSize++;
    // Lowest, likewise.
    const l = low[i]!;
    if (lSize > 0 && lIdx[lHead]! <= expired) {
      lHead = lHead + 1 === cap ? 0 : lHead + 1;
      lSize--;
    }
    back = lHead + lSize - 1;
    if (back >= cap) back -= cap;
    while (lSize > 0 && lVal[back]! >= l) {
      lSize--;
      back = back === 0 ? cap - 1 : back - 1;
    }
    back = back + 1 === cap ? 0 : back + 1;
    if (lSize === 0) lHead = back;
    lIdx[back] = i;
    lVal[back] = l;
    lSize++;
    if (i < first) continue;
    const hh = hVal[hHead]!;
    const ll = lVal[lHead]!;
    if (mode === 0) {
      out[i] = (hh + ll) / 2;
    } else if (mode === 1) {
      out[i] = fastK(close[i]!, hh, ll);
    } else {
      const diff = (hh - ll) / -100;
      out[i] = diff !== 0 ? (hh - close[i]!) / diff : 0;
    }
  }
  return out;
}
