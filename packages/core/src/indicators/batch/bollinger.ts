// Bollinger Bands over a column with the incremental Bollinger's arithmetic step for step (running
// sums of x − c and (x − c)² around a shift c, the exact two-pass fallback where σ² would be lost
// to cancellation, the re-sum around the newest price every `period` values or after a fallback),
// so the bands are bit-identical to the incremental indicator's. See ../bollinger.ts for why.
import { outputColumn } from './columns';

export interface BollingerBatch {
  upper: Float64Array;
  middle: Float64Array;
  lower: Float64Array;
}

export function bollingerBatch(src: Float64Array, period: number, stdDev: number): BollingerBatch {
  const len = src.length;
  const n = period;
  const upper = outputColumn(len, n - 1);
  const middle = outputColumn(len, n - 1);
  const lower = outputColumn(len, n - 1);
  let c = len > 0 ? src[0]! : 0;
  let sum = 0;
  let sumSq = 0;
  let movedSq = 0;
  let since = 0;
  for (let i = 0; i < len; i++) {
    const x = src[i]!;
    const d = x - c;
    let s = sum + d;
    let s2 = sumSq + d * d;
    let moved = d * d;
    if (i >= n) {
      const e = src[i - n]! - c;
      s -= e;
      s2 -= e * e;
      moved += e * e;
    }
    let exact = false;
    if (i >= n - 1) {
      const m = s / n;
      let mean = c + m;
      let variance = s2 / n - m * m;
      if (variance < 1e-6 * (m * m + (movedSq + moved) / n)) {
        exact = true;
        let t = x;
        for (let k = i - n + 1; k < i; k++) t += src[k]!;
        mean = t / n;
        let dx = x - mean;
        let ss = dx * dx;
        for (let k = i - n + 1; k < i; k++) {
          dx = src[k]! - mean;
          ss += dx * dx;
        }
        variance = ss / n;
      }
      const band = variance > 0 ? stdDev * Math.sqrt(variance) : 0;
      upper[i] = mean + band;
      middle[i] = mean;
      lower[i] = mean - band;
    }
    sum = s;
    sumSq = s2;
    movedSq += moved;
    if (++since >= n || exact) {
      c = x;
      let rs = 0;
      let rs2 = 0;
      for (let k = i >= n - 1 ? i - n + 1 : 0; k <= i; k++) {
        const dk = src[k]! - c;
        rs += dk;
        rs2 += dk * dk;
      }
      sum = rs;
      sumSq = rs2;
      movedSq = rs2;
      since = 0;
    }
  }
  return { upper, middle, lower };
}
