// MACD over a column as the incremental Macd computes it (TA-Lib: the fast EMA seeded on the bars
// where the slow one's seed ends, the signal an EMA of the MACD line), bit-identical. All three
// outputs start at lookback (slow − 1) + (signal − 1).
import { outputColumn } from './columns';
import { emaBatch } from './ema';

export interface MacdBatch {
  macd: Float64Array;
  signal: Float64Array;
  histogram: Float64Array;
}

export function macdBatch(
  src: Float64Array,
  fastPeriod: number,
  slowPeriod: number,
  signalPeriod: number,
): MacdBatch {
  const len = src.length;
  const fast = Math.min(fastPeriod, slowPeriod);
  const slow = Math.max(fastPeriod, slowPeriod);
  const slowEma = emaBatch(src, slow);
  const fastEma = emaBatch(src, fast, slow - fast);
  const line = outputColumn(len, slow - 1);
  for (let i = slow - 1; i < len; i++) line[i] = fastEma[i]! - slowEma[i]!;
  const signal = emaBatch(line, signalPeriod, slow - 1);
  const first = slow - 1 + signalPeriod - 1;
  const macd = outputColumn(len, first);
  const histogram = outputColumn(len, first);
  for (let i = first; i < len; i++) {
    const m = line[i]!;
    macd[i] = m;
    histogram[i] = m - signal[i]!;
  }
  return { macd, signal, histogram };
}
