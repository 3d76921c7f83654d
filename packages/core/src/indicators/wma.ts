// Weighted moving average (TA-Lib WMA): weights 1..period, newest heaviest; lookback period − 1.
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

  constructor(readonly params: WmaParams) {
    super();
    this.lookback = params.period - 1;
    this.ring = new Ring(params.period);
    this.divisor = (params.period * (params.period + 1)) / 2;
  }

  next(bar: Bar, commit: boolean): number | null {
    const x = priceOf(bar, this.params.source);
    const ring = this.ring;
    const ready = ring.size + 1 >= this.params.period;
    let out: number | null = null;
    if (ready) {
      // Weighted sum over the window after x is added: O(period), exact, no drift.
      let s = this.params.period * x;
      let w = 1;
      for (let i = ring.nextStart(); i < ring.size; i++) s += w++ * ring.at(i);
      out = s / this.divisor;
    }
    if (commit) ring.push(x);
    return out;
  }

  reset(): void {
    this.ring.clear();
  }
}
