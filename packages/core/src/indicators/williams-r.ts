// Williams %R as TA-Lib's WILLR: −100·(highest high − close) / (highest high − lowest low) over
// `period` bars, 0 when the range is 0. Lookback period − 1. Ranges from −100 to 0.
import { Ring } from './ring';
import { StreamingIndicator, type Bar } from './types';

export interface WilliamsRParams {
  period: number;
}

export class WilliamsR extends StreamingIndicator<number> {
  readonly lookback: number;
  readonly highs: Ring;
  readonly lows: Ring;

  constructor(readonly params: WilliamsRParams) {
    super();
    this.lookback = params.period - 1;
    this.highs = new Ring(params.period);
    this.lows = new Ring(params.period);
  }

  next(bar: Bar, commit: boolean): number | null {
    const ready = this.highs.size + 1 >= this.params.period;
    let out: number | null = null;
    if (ready) {
      const hh = this.highs.maxWith(bar.high);
      const diff = (hh - this.lows.minWith(bar.low)) / -100;
      out = diff !== 0 ? (hh - bar.close) / diff : 0;
    }
    if (commit) {
      this.highs.push(bar.high);
      this.lows.push(bar.low);
    }
    return out;
  }

  reset(): void {
    this.highs.clear();
    this.lows.clear();
  }
}
