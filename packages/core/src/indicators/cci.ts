// Commodity Channel Index as TA-Lib's CCI: typical price tp = (high + low + close) / 3,
// CCI = (tp − SMA(tp)) / (0.015 · mean absolute deviation of tp from that SMA), over `period`
// bars; 0 when either term is 0. Lookback period − 1.
import { Ring } from './ring';
import { StreamingIndicator, type Bar } from './types';

export interface CciParams {
  period: number;
}

export class Cci extends StreamingIndicator<number> {
  readonly lookback: number;
  readonly ring: Ring;

  constructor(readonly params: CciParams) {
    super();
    this.lookback = params.period - 1;
    this.ring = new Ring(params.period);
  }

  next(bar: Bar, commit: boolean): number | null {
    const tp = (bar.high + bar.low + bar.close) / 3;
    const ring = this.ring;
    const n = this.params.period;
    let out: number | null = null;
    if (ring.size + 1 >= n) {
      const mean = ring.sumWith(tp) / n;
      let dev = Math.abs(tp - mean);
      for (let i = ring.nextStart(); i < ring.size; i++) dev += Math.abs(ring.at(i) - mean);
      dev /= n;
      const diff = tp - mean;
      out = diff !== 0 && dev !== 0 ? diff / (0.015 * dev) : 0;
    }
    if (commit) ring.push(tp);
    return out;
  }

  reset(): void {
    this.ring.clear();
  }
}
