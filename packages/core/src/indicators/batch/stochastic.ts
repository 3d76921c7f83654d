// Stochastic over columns as the incremental Stochastic computes it (TA-Lib STOCH: raw %K over
// kPeriod bars, slow %K = SMA(kSmoothing), %D = SMA(dPeriod) of it), bit-identical. Both outputs
// start where %D does: lookback (kPeriod − 1) + (kSmoothing − 1) + (dPeriod − 1).
import { rollingRange } from './rolling-range';
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
  const raw = rollingRange(high, low, close, kPeriod, 0, 'fastK');
  return smoothStochastic(raw, kPeriod - 1, kSmoothing, dPeriod);
}
