// Simple moving average (TA-Lib SMA): mean of the last `period` values; lookback period − 1.
import { Ring } from './ring';
import { StreamingIndicator, priceOf, type Bar, type PriceSource, type ValueSeries } from './types';

/** SMA over plain numbers, reused by Stochastic's smoothing and others. */
export class SmaSeries implements ValueSeries {
  readonly lookback: number;
  readonly ring: Ring;
  private sum = 0;
  private sinceRefresh = 0;

  constructor(readonly period: number) {
    this.lookback = period - 1;
    this.ring = new Ring(period);
  }

  next(x: number, commit: boolean): number | null {
    const ring = this.ring;
    const dropped = ring.evicted();
    const sum = dropped === null ? this.sum + x : this.sum - dropped + x;
    if (commit) {
      ring.push(x);
      this.sum = sum;
      // Re-add the window now and then so add/subtract rounding cannot drift over weeks.
      if (++this.sinceRefresh >= this.period) {
        this.sinceRefresh = 0;
        let s = 0;
        for (let i = 0; i < ring.size; i++) s += ring.at(i);
        this.sum = s;
      }
    }
    const count = ring.size + (commit ? 0 : 1);
    return count >= this.period ? sum / this.period : null;
  }

  reset(): void {
    this.ring.clear();
    this.sum = 0;
    this.sinceRefresh = 0;
  }
}

export interface SmaParams {
  period: number;
  source: PriceSource;
}

export class Sma extends StreamingIndicator<number> {
  readonly lookback: number;
  private readonly series: SmaSeries;

  constructor(readonly params: SmaParams) {
    super();
    this.series = new SmaSeries(params.period);
    this.lookback = this.series.lookback;
  }

  next(bar: Bar, commit: boolean): number | null {
    return this.series.next(priceOf(bar, this.params.source), commit);
  }

  reset(): void {
    this.series.reset();
  }
}
