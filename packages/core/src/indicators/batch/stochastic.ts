// Stochastic over columns as the incremental Stochastic computes it (TA-Lib STOCH: raw %K over
// kPeriod bars, slow %K = SMA(kSmoothing), %D = SMA(dPeriod) of it), bit-identical. Both outputs
// start where %D does: lookback (kPeriod − 1) + (kSmoothing − 1) + (dPeriod − 1).
import { fastK } from '../stochastic';
import { rollingMax, rollingMin } from './rolling-extreme';
import { smaBatch } from './sma';

export interface StochasticBatch {
  k: Float64Array;
  d: Float64Array;
}

/** Slow %K and %D of a raw %K column defined from index `from`; k is NaN until d is defined.
 *  `into` (not `raw`), when given, takes %K instead of a new column. */
export function smoothStochastic(
  raw: Float64Array,
  from: number,
  kSmoothing: number,
  dSmoothing: number,
  into?: Float64Array,
): StochasticBatch {
  const k = smaBatch(raw, kSmoothing, from, into);
  const d = smaBatch(k, dSmoothing, from + kSmoothing - 1);
  const end = Math.min(from + kSmoothing - 1 + dSmoothing - 1, k.length);
  for (let i = from; i < end; i++) k[i] = Number.NaN;
  return { k, d };
}

export function stochasticBatch(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  kPeriod: number,
  kSmoothing: number,
  dPeriod: number,
): StochasticBatch {
  const len = close.length;
  // Raw %K is written over the highest highs, and %K over the lowest lows once read.
  const raw = rollingMax(high, kPeriod);
  const ll = rollingMin(low, kPeriod);
  for (let i = kPeriod - 1; i < len; i++) raw[i] = fastK(close[i]!, raw[i]!, ll[i]!);
  return smoothStochastic(raw, kPeriod - 1, kSmoothing, dPeriod, ll);
}
