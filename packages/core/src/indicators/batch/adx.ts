// ADX, +DI and −DI over columns as the incremental Adx computes them (TA-Lib's ADX / PLUS_DI /
// MINUS_DI), bit-identical. All three start at lookback 2·period − 1.
import { isZero } from '../types';
import { outputColumn } from './columns';
import { trueRangeAt } from './atr';

export interface AdxBatch {
  adx: Float64Array;
  plusDI: Float64Array;
  minusDI: Float64Array;
}

export function adxBatch(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  period: number,
): AdxBatch {
  const len = close.length;
  const p = period;
  const lookback = 2 * p - 1;
  const adxOut = outputColumn(len, lookback);
  const plusOut = outputColumn(len, lookback);
  const minusOut = outputColumn(len, lookback);
  let plusDM = 0;
  let minusDM = 0;
  let tr = 0;
  let sumDX = 0;
  let adx = 0;
  for (let i = 1; i < len; i++) {
    const diffP = high[i]! - high[i - 1]!;
    const diffM = low[i - 1]! - low[i]!;
    const dmP = diffP > 0 && diffP > diffM ? diffP : 0;
    const dmM = diffM > 0 && diffP < diffM ? diffM : 0;
    const trNow = trueRangeAt(high, low, close, i);
    if (i < p) {
      plusDM = plusDM + dmP;
      minusDM = minusDM + dmM;
      tr = tr + trNow;
      continue;
    }
    plusDM = plusDM - plusDM / p + dmP;
    minusDM = minusDM - minusDM / p + dmM;
    tr = tr - tr / p + trNow;
    let plusDI = 0;
    let minusDI = 0;
    let dx = Number.NaN;
    if (!isZero(tr)) {
      plusDI = 100 * (plusDM / tr);
      minusDI = 100 * (minusDM / tr);
      const sum = plusDI + minusDI;
      if (!isZero(sum)) dx = 100 * (Math.abs(minusDI - plusDI) / sum);
    }
    if (i <= lookback) {
      if (!Number.isNaN(dx)) sumDX += dx;
      if (i === lookback) adx = sumDX / p;
    } else if (!Number.isNaN(dx)) {
      adx = (adx * (p - 1) + dx) / p;
    }
    if (i >= lookback) {
      adxOut[i] = adx;
      plusOut[i] = plusDI;
      minusOut[i] = minusDI;
    }
  }
  return { adx: adxOut, plusDI: plusOut, minusDI: minusOut };
}
