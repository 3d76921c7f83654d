// MFI over columns as the incremental Mfi computes it (TA-Lib: typical-price money flow, positive
// when the typical price rose, negative when it fell, over the last `period` flows; 0 when the
// total is below 1), bit-identical. Lookback = period.
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
  for (let i = 1; i < len; i++) {
    const tp = (high[i]! + low[i]! + close[i]!) / 3;
    const flow = tp * volume[i]!;
    pos[i] = tp > prevTp ? flow : 0;
    neg[i] = tp < prevTp ? flow : 0;
    prevTp = tp;
  }
  for (let i = n; i < len; i++) {
    let p = pos[i]!;
    let m = neg[i]!;
    for (let k = i - n + 1; k < i; k++) p += pos[k]!;
    for (let k = i - n + 1; k < i; k++) m += neg[k]!;
    const total = p + m;
    out[i] = total < 1 ? 0 : 100 * (p / total);
  }
  return out;
}
