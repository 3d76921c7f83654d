// Ichimoku over columns as the incremental Ichimoku computes it (midpoints of the highest high and
// lowest low over each period; the leads shifted displacement − 1 bars for the cloud under a bar;
// chikou = the close), bit-identical. Every output is NaN where the incremental output is null:
// the whole bar until tenkan is defined, and each field until its own inputs are.
import type { BarColumns } from './columns';
import { outputColumn } from './columns';
import { rollingRange } from './rolling-range';

export interface IchimokuBatch {
  tenkan: Float64Array;
  kijun: Float64Array;
  senkouA: Float64Array;
  senkouB: Float64Array;
  leadA: Float64Array;
  leadB: Float64Array;
  chikou: Float64Array;
}

function midpoints(high: Float64Array, low: Float64Array, period: number): Float64Array {
  return rollingRange(high, low, high, period, 0, 'midpoint');
}

export function ichimokuBatch(
  cols: BarColumns,
  tenkanPeriod: number,
  kijunPeriod: number,
  senkouBPeriod: number,
  displacement: number,
): IchimokuBatch {
  const { high, low, close } = cols;
  const len = close.length;
  const tenkan = midpoints(high, low, tenkanPeriod);
  const kijun = midpoints(high, low, kijunPeriod);
  const leadB = midpoints(high, low, senkouBPeriod);
  const leadA = new Float64Array(len);
  for (let i = 0; i < len; i++) leadA[i] = (tenkan[i]! + kijun[i]!) / 2; // NaN if either is
  const shift = displacement <= 1 ? 0 : displacement - 1;
  const senkouA = outputColumn(len, shift);
  const senkouB = outputColumn(len, shift);
  for (let i = shift; i < len; i++) {
    senkouA[i] = leadA[i - shift]!;
    senkouB[i] = leadB[i - shift]!;
  }
  const chikou = Float64Array.from(close);
  // The incremental output is null as a whole until tenkan is defined.
  const blank = Math.min(tenkanPeriod - 1, len);
  for (const col of [kijun, senkouA, senkouB, leadA, leadB, chikou]) col.fill(Number.NaN, 0, blank);
  return { tenkan, kijun, senkouA, senkouB, leadA, leadB, chikou };
}
