// VWAP anchored to the UTC day over columns as the incremental Vwap computes it (sums restart on
// each day's first bar; NaN while the day's volume is 0), bit-identical. Lookback 0.

const DAY_SECONDS = 86_400;

export function vwapBatch(
  time: Float64Array,
  src: Float64Array,
  volume: Float64Array,
): Float64Array {
  const len = src.length;
  const out = new Float64Array(len);
  let day = Number.NaN;
  let pv = 0;
  let vol = 0;
  for (let i = 0; i < len; i++) {
    const d = Math.floor(time[i]! / DAY_SECONDS);
    const v = volume[i]!;
    if (d === day) {
      pv = pv + src[i]! * v;
      vol = vol + v;
    } else {
      day = d;
      pv = 0 + src[i]! * v;
      vol = 0 + v;
    }
    out[i] = vol > 0 ? pv / vol : Number.NaN;
  }
  return out;
}
