// Stochastic RSI over a column as the incremental StochRsi computes it (raw %K of the RSI over
// stochPeriod values, then the %K and %D smoothings), bit-identical.
import { rollingRange } from './rolling-range';
import { rsiBatch } from './rsi';
import { smoothStochastic, type StochasticBatch } from './stochastic';

export function stochRsiBatch(
  src: Float64Array,
  rsiPeriod: number,
  stochPeriod: number,
  kSmoothing: number,
  dSmoothing: number,
): StochasticBatch {
  const rsi = rsiBatch(src, rsiPeriod);
  const raw = rollingRange(rsi, rsi, rsi, stochPeriod, rsiPeriod, 'fastK');
  // %K is written over the RSI, which is no longer read.
  return smoothStochastic(raw, rsiPeriod + stochPeriod - 1, kSmoothing, dSmoothing, rsi);
}
