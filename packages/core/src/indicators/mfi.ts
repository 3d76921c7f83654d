// Money Flow Index as TA-Lib's MFI: typical price tp = (high + low + close) / 3, raw flow tp·volume
// counted positive when tp rose from the previous bar, negative when it fell, neither when equal;
// MFI = 100·positive / (positive + negative) over the last `period` flows, and 0 when that total is
// below 1 (TA-Lib's guard). Lookback = period.
// O(1) per update and peek: running sums of the positive and negative flows, each kept as a
// compensated pair (sum, error term; Neumaier's TwoSum), so adding the new flow and subtracting
// the one leaving the window loses nothing beyond ~2⁻¹⁰⁶ of the partial sums per step. Every
// `period` commits both are re-added from the rings, so those tiny errors cannot pile up either.
import { Ring } from './ring';
import { StreamingIndicator, type Bar } from './types';

export interface MfiParams {
  period: number;
}

/** s + x as a compensated pair: returns the new sum, and the rounding error is added to `err`. */
export function twoSum(s: number, x: number): [number, number] {
  const t = s + x;
  const bp = t - s;
  return [t, s - (t - bp) + (x - bp)];
}

export class Mfi extends StreamingIndicator<number> {
  readonly lookback: number;
  readonly pos: Ring;
  readonly neg: Ring;
  private started = false;
  private prevTp = 0;
  private posSum = 0;
  private posErr = 0;
  private negSum = 0;
  private negErr = 0;
  private sinceResum = 0;

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
    let [ps, pe] = twoSum(this.posSum, up);
    pe += this.posErr;
    let [ns, ne] = twoSum(this.negSum, down);
    ne += this.negErr;
    const droppedUp = this.pos.evicted();
    if (droppedUp !== null) {
      let e: number;
      [ps, e] = twoSum(ps, -droppedUp);
      pe += e;
      [ns, e] = twoSum(ns, -this.neg.evicted()!);
      ne += e;
    }
    let out: number | null = null;
    if (this.pos.size + 1 >= this.params.period) {
      const p = ps + pe;
      const total = p + (ns + ne);
      out = total < 1 ? 0 : 100 * (p / total);
    }
    if (commit) {
      this.prevTp = tp;
      this.pos.push(up);
      this.neg.push(down);
      this.posSum = ps;
      this.posErr = pe;
      this.negSum = ns;
      this.negErr = ne;
      if (++this.sinceResum >= this.params.period) this.resum();
    }
    return out;
  }

  /** Re-adds both sums from the rings (oldest first), compensated. */
  private resum(): void {
    let ps = 0;
    let pe = 0;
    let ns = 0;
    let ne = 0;
    let e: number;
    for (let i = 0; i < this.pos.size; i++) {
      [ps, e] = twoSum(ps, this.pos.at(i));
      pe += e;
      [ns, e] = twoSum(ns, this.neg.at(i));
      ne += e;
    }
    this.posSum = ps;
    this.posErr = pe;
    this.negSum = ns;
    this.negErr = ne;
    this.sinceResum = 0;
  }

  reset(): void {
    this.started = false;
    this.prevTp = 0;
    this.pos.clear();
    this.neg.clear();
    this.posSum = this.posErr = this.negSum = this.negErr = 0;
    this.sinceResum = 0;
  }
}
