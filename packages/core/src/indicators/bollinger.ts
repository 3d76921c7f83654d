// Bollinger Bands as TA-Lib's BBANDS with an SMA middle: middle = SMA(period), bands = middle ±
// k · σ where σ is the POPULATION standard deviation (divide by period) of the same window.
// σ is computed in two passes over the ring (O(period)) rather than from running Σx², which at
// BTC prices (x² ≈ 1e10) would lose digits to cancellation.
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

  constructor(readonly params: BollingerParams) {
    super();
    this.lookback = params.period - 1;
    this.ring = new Ring(params.period);
  }

  next(bar: Bar, commit: boolean): BollingerOutput | null {
    const x = priceOf(bar, this.params.source);
    const ring = this.ring;
    const n = this.params.period;
    let out: BollingerOutput | null = null;
    if (ring.size + 1 >= n) {
      const mean = ring.sumWith(x) / n;
      let d = x - mean;
      let ss = d * d;
      for (let i = ring.nextStart(); i < ring.size; i++) {
        d = ring.at(i) - mean;
        ss += d * d;
      }
      const band = this.params.stdDev * Math.sqrt(ss / n);
      out = { upper: mean + band, middle: mean, lower: mean - band };
    }
    if (commit) ring.push(x);
    return out;
  }

  reset(): void {
    this.ring.clear();
  }
}
