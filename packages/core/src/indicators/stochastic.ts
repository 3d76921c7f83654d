// Stochastic as TA-Lib's STOCH with SMA smoothing: fast %K = 100·(close − lowest low) / (highest
// high − lowest low) over kPeriod bars (0 when the range is 0), slow %K = SMA(kSmoothing) of fast
// %K, %D = SMA(dPeriod) of slow %K. kSmoothing = 1 gives TA-Lib's STOCHF %K/%D.
// Lookback = (kPeriod − 1) + (kSmoothing − 1) + (dPeriod − 1).
// The highest high and lowest low come from monotonic deques (amortised O(1) per update or peek)
// over the kPeriod − 1 committed bars before the current one.
import { RollingExtreme } from './rolling-extreme';
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
  private readonly highs: RollingExtreme;
  private readonly lows: RollingExtreme;
  private committed = 0;
  private readonly slowK: SmaSeries;
  private readonly slowD: SmaSeries;

  constructor(readonly params: StochasticParams) {
    super();
    this.highs = new RollingExtreme(params.kPeriod - 1, true);
    this.lows = new RollingExtreme(params.kPeriod - 1, false);
    this.slowK = new SmaSeries(params.kSmoothing);
    this.slowD = new SmaSeries(params.dPeriod);
    this.lookback = params.kPeriod - 1 + this.slowK.lookback + this.slowD.lookback;
  }

  next(bar: Bar, commit: boolean): StochasticOutput | null {
    const ready = this.committed + 1 >= this.params.kPeriod;
    const hh = ready ? this.highs.withValue(bar.high) : 0;
    const ll = ready ? this.lows.withValue(bar.low) : 0;
    if (commit) {
      if (!ready) this.committed++;
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
    this.committed = 0;
    this.highs.clear();
    this.lows.clear();
    this.slowK.reset();
    this.slowD.reset();
  }
}
