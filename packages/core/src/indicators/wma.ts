// Weighted moving average (TA-Lib WMA): weights 1..period, newest heaviest; lookback period − 1.
// O(1) per update and peek: a running plain sum S and weighted sum W of the window. Sliding by one
// lowers every weight by 1 (W − S) and adds the new price with weight period; S drops the oldest
// price and adds the new one. Every `period` commits both are re-added exactly from the ring, so
// rounding cannot drift: between re-sums at most `period` steps of ~1 ulp each accumulate, a
// relative error ≤ ~2·period·2⁻⁵³ of the window's prices (≤ 2.3e-13 at the longest period, 1000).
import { Ring } from './ring';
import { StreamingIndicator, priceOf, type Bar, type PriceSource } from './types';

export interface WmaParams {
  period: number;
  source: PriceSource;
}

export class Wma extends StreamingIndicator<number> {
  readonly lookback: number;
  readonly ring: Ring;
  private readonly divisor: number;
  private sum = 0; // Σ x over the ring
  private wsum = 0; // Σ (i + 1)·x over the ring, i = 0 for the oldest
  private sinceResum = 0;

  constructor(readonly params: WmaParams) {
    super();
    this.lookback = params.period - 1;
    this.ring = new Ring(params.period);
    this.divisor = (params.period * (params.period + 1)) / 2;
  }

  next(bar: Bar, commit: boolean): number | null {
    const x = priceOf(bar, this.params.source);
    const ring = this.ring;
    const n = this.params.period;
    const dropped = ring.evicted();
    let sum: number;
    let wsum: number;
    if (dropped === null) {
      wsum = this.wsum + (ring.size + 1) * x;
      sum = this.sum + x;
    } else {
      wsum = this.wsum - this.sum + n * x;
      sum = this.sum - dropped + x;
    }
    const out = ring.size + 1 >= n ? wsum / this.divisor : null;
    if (commit) {
      ring.push(x);
      this.sum = sum;
      this.wsum = wsum;
      if (++this.sinceResum >= n) this.resum();
    }
    return out;
  }

  /** Re-adds both sums exactly from the ring. */
  private resum(): void {
    const ring = this.ring;
    let s = 0;
    let w = 0;
    for (let i = 0; i < ring.size; i++) {
      const v = ring.at(i);
      s += v;
      w += (i + 1) * v;
    }
    this.sum = s;
    this.wsum = w;
    this.sinceResum = 0;
  }

  reset(): void {
    this.ring.clear();
    this.sum = 0;
    this.wsum = 0;
    this.sinceResum = 0;
  }
}
