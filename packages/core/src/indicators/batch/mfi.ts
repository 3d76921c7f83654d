// MFI over columns as the incremental Mfi computes it (TA-Lib: typical-price money flow, positive
// when the typical price rose, negative when it fell, over the last `period` flows; 0 when the
// total is below 1), with its compensated running sums and re-sum every `period` flows written
// out inline, so values are bit-identical to it. Lookback = period.
// The window's flows live in two rings of `period` slots (bar i at slot i mod period), as in the
// incremental Mfi: full-length flow columns cost two 8 MB allocations per call and twice the time.
import { outputColumn } from './columns';

export function mfiBatch(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  volume: Float64Array,
  period: number,
): Float64Array {
  const len = close.length;
  const n = period;
  const out = outputColumn(len, n);
  // pos[i mod n] / neg[i mod n]: the flow of bar i (i ≥ 1) counted up or down, 0 otherwise.
  const pos = new Float64Array(n);
  const neg = new Float64Array(n);
  let prevTp = len > 0 ? (high[0]! + low[0]! + close[0]!) / 3 : 0;
  let ps = 0; // Σ pos over the window, and its compensation term
  let pe = 0;
  let ns = 0;
  let ne = 0;
  let since = 0;
  let slot = 0; // i mod n
  for (let i = 1; i < len; i++) {
    if (++slot === n) slot = 0;
    const tp = (high[i]! + low[i]! + close[i]!) / 3;
    const flow = tp * volume[i]!;
    const up = tp > prevTp ? flow : 0;
    const down = tp < prevTp ? flow : 0;
    prevTp = tp;
    // TwoSum (Neumaier): t = s + x exactly as t plus the error term.
    let t = ps + up;
    let bp = t - ps;
    pe = ps - (t - bp) + (up - bp) + pe;
    ps = t;
    t = ns + down;
    bp = t - ns;
    ne = ns - (t - bp) + (down - bp) + ne;
    ns = t;
    if (i > n) {
      // The flow of bar i − n, still in this slot, leaves the window.
      const x = -pos[slot]!;
      t = ps + x;
      bp = t - ps;
      pe += ps - (t - bp) + (x - bp);
      ps = t;
      const y = -neg[slot]!;
      t = ns + y;
      bp = t - ns;
      ne += ns - (t - bp) + (y - bp);
      ns = t;
    }
    pos[slot] = up;
    neg[slot] = down;
    if (i >= n) {
      const p = ps + pe;
      const total = p + (ns + ne);
      out[i] = total < 1 ? 0 : 100 * (p / total);
    }
    if (++since >= n) {
      since = 0;
      ps = pe = ns = ne = 0;
      const first = i >= n ? i - n + 1 : 1;
      let s = first % n;
      for (let k = first; k <= i; k++) {
        let x = pos[s]!;
        t = ps + x;
        bp = t - ps;
        pe += ps - (t - bp) + (x - bp);
        ps = t;
        x = neg[s]!;
        t = ns + x;
        bp = t - ns;
        ne += ns - (t - bp) + (x - bp);
        ns = t;
        if (++s === n) s = 0;
      }
    }
  }
  return out;
}
