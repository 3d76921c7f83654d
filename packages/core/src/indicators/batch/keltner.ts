// Keltner Channels over columns as the incremental Keltner computes them (EMA of the close ±
// multiplier × Wilder ATR), bit-identical; a bar has values once both the EMA and ATR do.
import { atrBatch } from './atr';
import type { BarColumns } from './columns';
import { emaBatch } from './ema';

export interface KeltnerBatch {
  upper: Float64Array;
  middle: Float64Array;
  lower: Float64Array;
}

export function keltnerBatch(
  cols: BarColumns,
  period: number,
  atrPeriod: number,
  multiplier: number,
): KeltnerBatch {
  const middle = emaBatch(cols.close, period);
  const atr = atrBatch(cols.high, cols.low, cols.close, atrPeriod);
  const len = middle.length;
  const upper = new Float64Array(len);
  const lower = new Float64Array(len);
  for (let i = 0; i < len; i++) {
    const m = middle[i]!;
    const a = atr[i]!;
    if (Number.isNaN(m) || Number.isNaN(a)) {
      middle[i] = upper[i] = lower[i] = Number.NaN;
      continue;
    }
    const band = multiplier * a;
    upper[i] = m + band;
    lower[i] = m - band;
  }
  return { upper, middle, lower };
}
