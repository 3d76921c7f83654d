// On-Balance Volume as TA-Lib's OBV: starts at the first bar's volume, then adds the volume of an
// up close, subtracts that of a down close, keeps it on an unchanged close. Lookback 0.
import { StreamingIndicator, type Bar } from './types';

export class Obv extends StreamingIndicator<number> {
  readonly lookback = 0;
  private started = false;
  private prevClose = 0;
  private value = 0;

  next(bar: Bar, commit: boolean): number | null {
    let v = bar.volume;
    if (this.started) {
      v = this.value;
      if (bar.close > this.prevClose) v += bar.volume;
      else if (bar.close < this.prevClose) v -= bar.volume;
    }
    if (commit) {
      this.started = true;
      this.prevClose = bar.close;
      this.value = v;
    }
    return v;
  }

  reset(): void {
    this.started = false;
    this.prevClose = 0;
    this.value = 0;
  }
}
