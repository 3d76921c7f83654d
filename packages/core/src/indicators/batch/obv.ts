// OBV over columns as the incremental Obv computes it (TA-Lib: the first bar's volume, then ± the
// volume of each up / down close), bit-identical. Lookback 0.
export function obvBatch(close: Float64Array, volume: Float64Array): Float64Array {
  const len = close.length;
  const out = new Float64Array(len);
  if (len === 0) return out;
  let v = volume[0]!;
  out[0] = v;
  for (let i = 1; i < len; i++) {
    const c = close[i]!;
    const pc = close[i - 1]!;
    if (c > pc) v += volume[i]!;
    else if (c < pc) v -= volume[i]!;
    out[i] = v;
  }
  return out;
}
