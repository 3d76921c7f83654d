// MFI over columns as the incremental Mfi computes it (TA-Lib: typical-price money flow, positive
// when the typical price rose, negative when it fell, over the last `period` flows; 0 when the
// total is below 1), with its compensated running sums and re-sum every `period` flows written
// out inline, so values are bit-identical to it. Lookback = period.
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
  // pos[i] / neg[i]: the flow of bar i (i ≥ 1) counted up or down, 0 otherwise.
  const pos = new Float64Array(len);
  const neg = new Float64Array(len);
  let prevTp = len > 0 ? (high[0]! + low[0]! + close[0]!) / 3 : 0;
  let ps = 0; // Σ pos over the window, and its compensation term
  let pe = 0;
  let ns = 0;
  let ne = 0;
  let since = 0;
  for (let i = 1; i < len; i++) {
    const tp = (high[i]! + low[i]! + close[i]!) / 3;
    const flow = tp * volume[i]!;
    const up = tp > prevTp ? flow : 0;
    const down = tp < prevTp ? flow : 0;
    pos[i] = up;
    neg[i] = down;
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
      const x = -pos[i - n]!;
      t = ps + x;
      bp = t - ps;
      pe += ps - (t - bp) + (x - bp);
      ps = t;
      const y = -neg[i - n]!;
      t = ns + y;
      bp = t - ns;
      ne += ns - (t - bp) + (y - bp);
      ns = t;
    }
    if (i >= n) {
      const p = ps + pe;
      const total = p + (ns + ne);
      out[i] = total < 1 ? 0 : 100 * (p / total);
    }
    if (++since >= n) {
      since = 0;
      ps = pe = ns = ne = 0;
      for (let k = i >= n ? i - n + 1 : 1; k <= i; k++) {
        let x = pos[k]!;
        t = ps + x;
        bp = t - ps;
        pe += ps - (t - bp) + (x - bp);
        ps = t;
        x = neg[k]!;
        t = ns + x;
        bp = t - ns;
        ne += ns - (t - bp) + (x - bp);
        ns = t;
      }
    }
  }
  return out;
}
