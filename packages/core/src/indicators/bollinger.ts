// Bollinger Bands as TA-Lib's BBANDS with an SMA middle: middle = SMA(period), bands = middle ±
// k · σ where σ is the POPULATION standard deviation (divide by period) of the same window.
// O(1) per update and peek: running sums of (x − c) and (x − c)² around a shift c. Raw Σx² at BTC
// prices (x² ≈ 1e10) would lose digits to cancellation; around c (a price inside the window) the
// squares stay the size of the window's spread. Every `period` commits the sums are re-added
// exactly from the ring around a fresh c (the newest price), so add/subtract rounding cannot drift
// (amortised one extra addition per bar). The rounding error of σ² = Σ(x − c)²/n − (Σ(x − c)/n)²
// is about 2⁻⁵² × (the squares moved through the sums since the last re-sum + the squared mean
// offset); where σ² is under 1e-6 of that (a calm window right after a jump, or prices far from c),
// the output is computed exactly in two passes over the window instead, and a commit then re-sums
// around the newest price, so the next bars are back on the O(1) path.
import { Ring } from './ring';
import { StreamingIndicator, priceOf, type Bar, type PriceSource } from './types';

export interface BollingerParams {
  period: number;
  stdDev: number;
  source: PriceSource;
}

export interface BollingerOutput {
  upper: number;
  middle: number;
  lower: number;
}

export class Bollinger extends StreamingIndicator<BollingerOutput> {
  readonly lookback: number;
  readonly ring: Ring;
  private shift = 0; // c
  private sum = 0; // Σ (x − c) over the ring
  private sumSq = 0; // Σ (x − c)² over the ring
  private movedSq = 0; // Σ of every (x − c)² added or removed since the last re-sum
  private sinceResum = 0;

  constructor(readonly params: BollingerParams) {
    super();
    this.lookback = params.period - 1;
    this.ring = new Ring(params.period);
  }

  next(bar: Bar, commit: boolean): BollingerOutput | null {
    const x = priceOf(bar, this.params.source);
    const ring = this.ring;
    const n = this.params.period;
    if (ring.size === 0) this.shift = x;
    const c = this.shift;
    const d = x - c;
    let sum = this.sum + d;
    let sumSq = this.sumSq + d * d;
    let moved = d * d;
    const dropped = ring.evicted();
    if (dropped !== null) {
      const e = dropped - c;
      sum -= e;
      sumSq -= e * e;
      moved += e * e;
    }
    let out: BollingerOutput | null = null;
    let exact = false;
    if (ring.size + 1 >= n) {
      const m = sum / n; // mean − c
      let mean = c + m;
      let variance = sumSq / n - m * m;
      if (variance < 1e-6 * (m * m + (this.movedSq + moved) / n)) {
        exact = true;
        mean = ring.sumWith(x) / n;
        let dx = x - mean;
        let ss = dx * dx;
        for (let i = ring.nextStart(); i < ring.size; i++) {
          dx = ring.at(i) - mean;
          ss += dx * dx;
        }
        variance = ss / n;
      }
      const band = variance > 0 ? this.params.stdDev * Math.sqrt(variance) : 0;
      out = { upper: mean + band, middle: mean, lower: mean - band };
    }
    if (commit) {
      ring.push(x);
      this.sum = sum;
      this.sumSq = sumSq;
      this.movedSq += moved;
      if (++this.sinceResum >= n || exact) this.resum();
    }
    return out;
  }

  /** Re-adds the window exactly around the newest price. */
  private resum(): void {
    const ring = this.ring;
    const c = ring.newest();
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < ring.size; i++) {
      const d = ring.at(i) - c;
      s += d;
      s2 += d * d;
    }
    this.shift = c;
    this.sum = s;
    this.sumSq = s2;
    this.movedSq = s2;
    this.sinceResum = 0;
  }

  reset(): void {
    this.ring.clear();
    this.shift = 0;
    this.sum = 0;
    this.sumSq = 0;
    this.movedSq = 0;
    this.sinceResum = 0;
  }
}
