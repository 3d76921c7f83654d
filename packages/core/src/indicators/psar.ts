// Parabolic SAR as TA-Lib's SAR. The first bar only sets the starting extremes; the direction is
// long unless the second bar has a positive −DM (its low falls further than its high rises). The
// SAR printed on a bar is the stop that applied during it; on a reversal it jumps to the previous
// extreme point, bounded by the last two bars' range. No rounding. Lookback 1.
import { StreamingIndicator, type Bar } from './types';

export interface PsarParams {
  acceleration: number;
  maximum: number;
}

interface PsarState {
  long: boolean;
  sar: number;
  ep: number;
  af: number;
}

export class Psar extends StreamingIndicator<number> {
  readonly lookback = 1;
  private index = 0; // bars committed, capped at 2
  private lastHigh = 0;
  private lastLow = 0;
  private s: PsarState = { long: true, sar: 0, ep: 0, af: 0 };

  constructor(readonly params: PsarParams) {
    super();
  }

  next(bar: Bar, commit: boolean): number | null {
    if (this.index === 0) {
      if (commit) this.commitBar(bar, this.s);
      return null;
    }
    const acc = Math.min(this.params.acceleration, this.params.maximum);
    const max = this.params.maximum;
    let { long, sar, ep, af } = this.s;
    let prevHigh = this.lastHigh;
    let prevLow = this.lastLow;
    if (this.index === 1) {
      const diffM = this.lastLow - bar.low;
      const diffP = bar.high - this.lastHigh;
      long = !(diffM > 0 && diffP < diffM);
      af = acc;
      if (long) {
        ep = bar.high;
        sar = this.lastLow;
      } else {
        ep = bar.low;
        sar = this.lastHigh;
      }
      // TA-Lib's first pass compares the second bar with itself.
      prevHigh = bar.high;
      prevLow = bar.low;
    }
    const { high, low } = bar;
    let out: number;
    if (long) {
      if (low <= sar) {
        long = false;
        sar = Math.max(ep, prevHigh, high);
        out = sar;
        af = acc;
        ep = low;
        sar = Math.max(sar + af * (ep - sar), prevHigh, high);
      } else {
        out = sar;
        if (high > ep) {
          ep = high;
          af = Math.min(af + acc, max);
        }
        sar = Math.min(sar + af * (ep - sar), prevLow, low);
      }
    } else if (high >= sar) {
      long = true;
      sar = Math.min(ep, prevLow, low);
      out = sar;
      af = acc;
      ep = high;
      sar = Math.min(sar + af * (ep - sar), prevLow, low);
    } else {
      out = sar;
      if (low < ep) {
        ep = low;
        af = Math.min(af + acc, max);
      }
      sar = Math.max(sar + af * (ep - sar), prevHigh, high);
    }
    if (commit) this.commitBar(bar, { long, sar, ep, af });
    return out;
  }

  private commitBar(bar: Bar, s: PsarState): void {
    this.lastHigh = bar.high;
    this.lastLow = bar.low;
    this.s = s;
    if (this.index < 2) this.index++;
  }

  reset(): void {
    this.index = 0;
    this.s = { long: true, sar: 0, ep: 0, af: 0 };
  }
}
