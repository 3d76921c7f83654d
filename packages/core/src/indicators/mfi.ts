// Money Flow Index as TA-Lib's MFI: typical price tp = (high + low + close) / 3, raw flow tp·volume
// counted positive when tp rose from the previous bar, negative when it fell, neither when equal;
// MFI = 100·positive / (positive + negative) over the last `period` flows, and 0 when that total is
// below 1 (TA-Lib's guard). Lookback = period.
import { Ring } from './ring';
import { StreamingIndicator, type Bar } from './types';

export interface MfiParams {
  period: number;
}

export class Mfi extends StreamingIndicator<number> {
  readonly lookback: number;
  readonly pos: Ring;
  readonly neg: Ring;
  private started = false;
  private prevTp = 0;

  constructor(readonly params: MfiParams) {
    super();
    this.lookback = params.period;
    this.pos = new Ring(params.period);
    this.neg = new Ring(params.period);
  }

  next(bar: Bar, commit: boolean): number | null {
    const tp = (bar.high + bar.low + bar.close) / 3;
    if (!this.started) {
      if (commit) {
        this.started = true;
        this.prevTp = tp;
      }
      return null;
    }
    const flow = tp * bar.volume;
    const up = tp > this.prevTp ? flow : 0;
    const down = tp < this.prevTp ? flow : 0;
    let out: number | null = null;
    if (this.pos.size + 1 >= this.params.period) {
      const p = this.pos.sumWith(up);
      const total = p + this.neg.sumWith(down);
      out = total < 1 ? 0 : 100 * (p / total);
    }
    if (commit) {
      this.prevTp = tp;
      this.pos.push(up);
      this.neg.push(down);
    }
    return out;
  }

  reset(): void {
    this.started = false;
    this.prevTp = 0;
    this.pos.clear();
    this.neg.clear();
  }
}
