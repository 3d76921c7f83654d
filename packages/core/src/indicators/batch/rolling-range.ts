// Highest high and lowest low of a sliding window, combined per bar into the value an indicator
// wants (midpoint for Ichimoku, raw %K for Stochastic, %R for Williams), in one pass, the way
// TA-Lib's C core does it: the index of the current extreme is kept and the window is rescanned
// only when that bar leaves it (O(period) then, O(1) otherwise; on market data the rescans are
// rare enough that this beats monotonic deques, whose bookkeeping costs on every bar in JS). Max and min are exact, so the values equal the
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
  let hh = -Infinity;
  let hIdx = -1;
  let ll = Infinity;
  let lIdx = -1;
  for (let i = from; i < len; i++) {
    const start = i - period + 1 > from ? i - period + 1 : from;
    // Highest: rescan the window only when the current highest left it, else compare the new bar.
    const h = high[i]!;
    if (hIdx < start) {
      hh = high[start]!;
      hIdx = start;
      for (let j = start + 1; j <= i; j++)
        if (high[j]! >= hh) {
          hh = high[j]!;
          hIdx = j;
        }
    } else if (h >= hh) {
      hh = h;
      hIdx = i;
    }
    // Lowest, likewise.
    const l = low[i]!;
    if (lIdx < start) {
      ll = low[start]!;
      lIdx = start;
      for (let j = start + 1; j <= i; j++)
        if (low[j]! <= ll) {
          ll = low[j]!;
          lIdx = j;
        }
    } else if (l <= ll) {
      ll = l;
      lIdx = i;
    }
    if (i < first) continue;
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
