// EMA over a column as EmaSeries computes it (TA-Lib: seeded with the SMA of the first `period`
// values, then (x − ema)·k + ema), bit-identical. `from` starts the series at that index (MACD's
// fast EMA skips its first bars; its signal EMA starts where the MACD line does).
import { outputColumn } from './columns';

export function emaBatch(src: Float64Array, period: number, from = 0): Float64Array {
  const len = src.length;
  const seedEnd = from + period - 1; // index of the first output
  const out = outputColumn(len, seedEnd);
  if (seedEnd >= len) return out;
  let seed = 0;
  for (let i = from; i < seedEnd; i++) seed += src[i]!;
  let v = (seed + src[seedEnd]!) / period;
  out[seedEnd] = v;
  const k = 2 / (period + 1);
  for (let i = seedEnd + 1; i < len; i++) {
    v = (src[i]! - v) * k + v;
    out[i] = v;
  }
  return out;
}
