// Average True Range as TA-Lib's ATR: true range from the second bar on, the first ATR is the mean
// of the first `period` true ranges (bars 1..period), then Wilder's smoothing
// atr = (atr·(period − 1) + tr) / period. Lookback = period.
import { StreamingIndicator, trueRange, type Bar } from './types';

export interface AtrParams {
  period: number;
}

export class Atr extends StreamingIndicator<number> {
  readonly lookback: number;
  private prevClose = 0;
  private seen = 0; // bars committed, capped at period + 1
  private value = 0; // sum of true ranges during the seed, then the ATR

  constructor(readonly params: AtrParams) {
    super();
    this.lookback = params.period;
  }

  next(bar: Bar, commit: boolean): number | null {
    const p = this.params.period;
    if (this.seen === 0) {
      if (commit) {
        this.prevClose = bar.close;
        this.seen = 1;
      }
      return null;
    }
    const tr = trueRange(bar, this.prevClose);
    let v: number;
    if (this.seen < p) v = this.value + tr;
    else if (this.seen === p) v = (this.value + tr) / p;
    else v = (this.value * (p - 1) + tr) / p;
    const ready = this.seen >= p;
    if (commit) {
      this.prevClose = bar.close;
      this.value = v;
      if (this.seen <= p) this.seen++;
    }
    return ready ? v : null;
  }

  reset(): void {
    this.prevClose = 0;
    this.seen = 0;
    this.value = 0;
  }
}
