// Williams %R as TA-Lib's WILLR: −100·(highest high − close) / (highest high − lowest low) over
// `period` bars, 0 when the range is 0. Lookback period − 1. Ranges from −100 to 0.
// Highest high and lowest low from monotonic deques (amortised O(1)), as in Stochastic.
import { RollingExtreme } from './rolling-extreme';
import { StreamingIndicator, type Bar } from './types';

export interface WilliamsRParams {
  period: number;
}

export class WilliamsR extends StreamingIndicator<number> {
  readonly lookback: number;
  private readonly highs: RollingExtreme;
  private readonly lows: RollingExtreme;
  private committed = 0;

  constructor(readonly params: WilliamsRParams) {
    super();
    this.lookback = params.period - 1;
    this.highs = new RollingExtreme(params.period - 1, true);
    this.lows = new RollingExtreme(params.period - 1, false);
  }

  next(bar: Bar, commit: boolean): number | null {
    const ready = this.committed + 1 >= this.params.period;
    let out: number | null = null;
    if (ready) {
      const hh = this.highs.withValue(bar.high);
      const diff = (hh - this.lows.withValue(bar.low)) / -100;
      out = diff !== 0 ? (hh - bar.close) / diff : 0;
    }
    if (commit) {
      if (!ready) this.committed++;
      this.highs.push(bar.high);
      this.lows.push(bar.low);
    }
    return out;
  }

  reset(): void {
    this.committed = 0;
    this.highs.clear();
    this.lows.clear();
  }
}
