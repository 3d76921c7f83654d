// Stochastic RSI over a column as the incremental StochRsi computes it (raw %K of the RSI over
// stochPeriod values, then the %K and %D smoothings), bit-identical.
import { fastK } from '../stochastic';
import { rollingMax, rollingMin } from './rolling-extreme';
import { rsiBatch } from './rsi';
import { smoothStochastic, type StochasticBatch } from './stochastic';

export function stochRsiBatch(
  src: Float64Array,
  rsiPeriod: number,
  stochPeriod: number,
  kSmoothing: number,
  dSmoothing: number,
): StochasticBatch {
  const len = src.length;
  const rsi = rsiBatch(src, rsiPeriod);
  // Raw %K is written over the highest RSI values, and %K over the RSI once read.
  const raw = rollingMax(rsi, stochPeriod, rsiPeriod);
  const ll = rollingMin(rsi, stochPeriod, rsiPeriod);
  const from = rsiPeriod + stochPeriod - 1;
  raw.fill(Number.NaN, 0, Math.min(from, len));
  for (let i = from; i < len; i++) raw[i] = fastK(rsi[i]!, raw[i]!, ll[i]!);
  return smoothStochastic(raw, from, kSmoothing, dSmoothing, rsi);
}
