// Relative Strength Index as TA-Lib computes it (not Metastock mode): the first average gain and
// loss are the plain means of the first `period` changes, then Wilder's smoothing
// avg = (avg·(period − 1) + change) / period. RSI = 100·gain / (gain + loss), and 0 when both are
// zero (a flat market), as TA-Lib gives. Not rounded. Lookback = period.
import { StreamingIndicator, isZero, priceOf, type Bar, type PriceSource } from './types';
import type { ValueSeries } from './types';

export class RsiSeries implements ValueSeries {
  readonly lookback: number;
  private prev = 0;
  private seen = 0; // values committed, capped at period + 1
  private gain = 0; // sums during the seed, then Wilder averages
  private loss = 0;

  constructor(readonly period: number) {
    this.lookback = period;
  }

  next(x: number, commit: boolean): number | null {
    if (this.seen === 0) {
      if (commit) {
        this.prev = x;
        this.seen = 1;
      }
      return null;
    }
    const change = x - this.prev;
    const g = change > 0 ? change : 0;
    const l = change < 0 ? -change : 0;
    const p = this.period;
    let gain: number;
    let loss: number;
    if (this.seen < p) {
      gain = this.gain + g;
      loss = this.loss + l;
    } else if (this.seen === p) {
      gain = (this.gain + g) / p;
      loss = (this.loss + l) / p;
    } else {
      gain = (this.gain * (p - 1) + g) / p;
      loss = (this.loss * (p - 1) + l) / p;
    }
    const ready = this.seen >= p;
    if (commit) {
      this.prev = x;
      this.gain = gain;
      this.loss = loss;
      if (this.seen <= p) this.seen++;
    }
    if (!ready) return null;
    const total = gain + loss;
    return isZero(total) ? 0 : 100 * (gain / total);
  }

  reset(): void {
    this.prev = 0;
    this.seen = 0;
    this.gain = 0;
    this.loss = 0;
  }
}

export interface RsiParams {
  period: number;
  source: PriceSource;
}

export class Rsi extends StreamingIndicator<number> {
  readonly lookback: number;
  private readonly series: RsiSeries;

  constructor(readonly params: RsiParams) {
    super();
    this.series = new RsiSeries(params.period);
    this.lookback = this.series.lookback;
  }

  next(bar: Bar, commit: boolean): number | null {
    return this.series.next(priceOf(bar, this.params.source), commit);
  }

  reset(): void {
    this.series.reset();
  }
}
