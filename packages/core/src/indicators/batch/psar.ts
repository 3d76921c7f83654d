// Parabolic SAR over columns as the incremental Psar computes it (TA-Lib SAR: direction from the
// second bar's −DM, the SAR printed on a bar is the stop that applied during it), bit-identical.
// Lookback 1.
import { nanColumn, outputColumn } from './columns';

export function psarBatch(
  high: Float64Array,
  low: Float64Array,
  acceleration: number,
  maximum: number,
): Float64Array {
  const len = high.length;
  if (len < 2) return nanColumn(len);
  const out = outputColumn(len, 1);
  const acc = Math.min(acceleration, maximum);
  const max = maximum;
  const diffM = low[0]! - low[1]!;
  const diffP = high[1]! - high[0]!;
  let long = !(diffM > 0 && diffP < diffM);
  let af = acc;
  let ep = long ? high[1]! : low[1]!;
  let sar = long ? low[0]! : high[0]!;
  for (let i = 1; i < len; i++) {
    // TA-Lib's first pass compares the second bar with itself.
    const prevHigh = high[i === 1 ? 1 : i - 1]!;
    const prevLow = low[i === 1 ? 1 : i - 1]!;
    const h = high[i]!;
    const l = low[i]!;
    if (long) {
      if (l <= sar) {
        long = false;
        sar = Math.max(ep, prevHigh, h);
        out[i] = sar;
        af = acc;
        ep = l;
        sar = Math.max(sar + af * (ep - sar), prevHigh, h);
      } else {
        out[i] = sar;
        if (h > ep) {
          ep = h;
          af = Math.min(af + acc, max);
        }
        sar = Math.min(sar + af * (ep - sar), prevLow, l);
      }
    } else if (h >= sar) {
      long = true;
      sar = Math.min(ep, prevLow, l);
      out[i] = sar;
      af = acc;
      ep = h;
      sar = Math.min(sar + af * (ep - sar), prevLow, l);
    } else {
      out[i] = sar;
      if (l < ep) {
        ep = l;
        af = Math.min(af + acc, max);
      }
      sar = Math.max(sar + af * (ep - sar), prevHigh, h);
    }
  }
  return out;
}
