// Volume-weighted average price anchored to the UTC day, as TradingView's default "Session"
// anchor on a 24/7 crypto market: Σ(typical price · volume) / Σ volume over the bars since
// 00:00 UTC of the bar's day (bar time in epoch seconds, like ChartBar). The sums restart on the
// first bar of each UTC day. Null while the day's volume is still 0. Lookback 0.
import { StreamingIndicator, priceOf, type Bar, type PriceSource } from './types';

export interface VwapParams {
  source: PriceSource;
}

const DAY_SECONDS = 86_400;

export class Vwap extends StreamingIndicator<number> {
  readonly lookback = 0;
  private day = Number.NaN;
  private pv = 0;
  private vol = 0;

  constructor(readonly params: VwapParams) {
    super();
  }

  next(bar: Bar, commit: boolean): number | null {
    const day = Math.floor(bar.time / DAY_SECONDS);
    const sameDay = day === this.day;
    const pv = (sameDay ? this.pv : 0) + priceOf(bar, this.params.source) * bar.volume;
    const vol = (sameDay ? this.vol : 0) + bar.volume;
    if (commit) {
      this.day = day;
      this.pv = pv;
      this.vol = vol;
    }
    return vol > 0 ? pv / vol : null;
  }

  reset(): void {
    this.day = Number.NaN;
    this.pv = 0;
    this.vol = 0;
  }
}
