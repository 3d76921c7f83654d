// Stochastic as TA-Lib's STOCH with SMA smoothing: fast %K = 100·(close − lowest low) / (highest
// high − lowest low) over kPeriod bars (0 when the range is 0), slow %K = SMA(kSmoothing) of fast
// %K, %D = SMA(dPeriod) of slow %K. kSmoothing = 1 gives TA-Lib's STOCHF %K/%D.
// Lookback = (kPeriod − 1) + (kSmoothing − 1) + (dPeriod − 1).
import { Ring } from './ring';
import { SmaSeries } from './sma';
import { StreamingIndicator, type Bar } from './types';

export interface StochasticParams {
  kPeriod: number;
  kSmoothing: number;
  dPeriod: number;
}

export interface StochasticOutput {
  k: number;
  d: number;
}

/** TA-Lib's raw %K for a close inside [lowest, highest]. */
export function fastK(close: number, highest: number, lowest: number): number {
  const diff = (highest - lowest) / 100;
  return diff !== 0 ? (close - lowest) / diff : 0;
}

export class Stochastic extends StreamingIndicator<StochasticOutput> {
  readonly lookback: number;
  readonly highs: Ring;
  readonly lows: Ring;
  private readonly slowK: SmaSeries;
  private readonly slowD: SmaSeries;

  constructor(readonly params: StochasticParams) {
    super();
    this.highs = new Ring(params.kPeriod);
    this.lows = new Ring(params.kPeriod);
    this.slowK = new SmaSeries(params.kSmoothing);
    this.slowD = new SmaSeries(params.dPeriod);
    this.lookback = params.kPeriod - 1 + this.slowK.lookback + this.slowD.lookback;
  }

  next(bar: Bar, commit: boolean): StochasticOutput | null {
    const ready = this.highs.size + 1 >= this.params.kPeriod;
    const hh = ready ? this.highs.maxWith(bar.high) : 0;
    const ll = ready ? this.lows.minWith(bar.low) : 0;
    if (commit) {
      this.highs.push(bar.high);
      this.lows.push(bar.low);
    }
    if (!ready) return null;
    const k = this.slowK.next(fastK(bar.close, hh, ll), commit);
    if (k === null) return null;
    const d = this.slowD.next(k, commit);
    return d === null ? null : { k, d };
  }

  reset(): void {
    this.highs.clear();
    this.lows.clear();
    this.slowK.reset();
    this.slowD.reset();
  }
}
