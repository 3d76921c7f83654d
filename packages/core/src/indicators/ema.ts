// Exponential moving average as TA-Lib computes it: k = 2 / (period + 1), seeded with the SMA of
// the first `period` values (TA_COMPATIBILITY_DEFAULT), so the first output is at index period − 1.
import { StreamingIndicator, priceOf, type Bar, type PriceSource, type ValueSeries } from './types';

export class EmaSeries implements ValueSeries {
  readonly lookback: number;
  readonly k: number;
  private count = 0;
  private seedSum = 0;
  private value = 0;

  constructor(readonly period: number) {
    this.lookback = period - 1;
    this.k = 2 / (period + 1);
  }

  next(x: number, commit: boolean): number | null {
    if (this.count < this.period - 1) {
      if (commit) {
        this.seedSum += x;
        this.count++;
      }
      return null;
    }
    const v =
      this.count === this.period - 1
        ? (this.seedSum + x) / this.period
        : (x - this.value) * this.k + this.value;
    if (commit) {
      this.value = v;
      if (this.count < this.period) this.count++;
    }
    return v;
  }

  reset(): void {
    this.count = 0;
    this.seedSum = 0;
    this.value = 0;
  }
}

export interface EmaParams {
  period: number;
  source: PriceSource;
}

export class Ema extends StreamingIndicator<number> {
  readonly lookback: number;
  private readonly series: EmaSeries;

  constructor(readonly params: EmaParams) {
    super();
    this.series = new EmaSeries(params.period);
    this.lookback = this.series.lookback;
  }

  next(bar: Bar, commit: boolean): number | null {
    return this.series.next(priceOf(bar, this.params.source), commit);
  }

  reset(): void {
    this.series.reset();
  }
}
