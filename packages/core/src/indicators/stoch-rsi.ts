// Stochastic RSI: the stochastic of RSI values. TA-Lib's STOCHRSI is STOCHF applied to RSI
// (fast %K over stochPeriod RSI values, %D = SMA(dSmoothing)); TradingView's adds an SMA
// (kSmoothing) to %K first. kSmoothing = 1 gives TA-Lib's STOCHRSI exactly; the default 3 gives
// TradingView's. A flat RSI range gives %K 0, as TA-Lib. Highest/lowest RSI of the window come
// from monotonic deques (amortised O(1)), as in Stochastic.
import { RollingExtreme } from './rolling-extreme';
import { RsiSeries } from './rsi';
import { SmaSeries } from './sma';
import { fastK, type StochasticOutput } from './stochastic';
import { StreamingIndicator, priceOf, type Bar, type PriceSource } from './types';

export interface StochRsiParams {
  rsiPeriod: number;
  stochPeriod: number;
  kSmoothing: number;
  dSmoothing: number;
  source: PriceSource;
}

export class StochRsi extends StreamingIndicator<StochasticOutput> {
  readonly lookback: number;
  private readonly highest: RollingExtreme;
  private readonly lowest: RollingExtreme;
  private committed = 0; // RSI values committed, counted up to stochPeriod − 1
  private readonly rsi: RsiSeries;
  private readonly smoothK: SmaSeries;
  private readonly smoothD: SmaSeries;

  constructor(readonly params: StochRsiParams) {
    super();
    this.rsi = new RsiSeries(params.rsiPeriod);
    this.highest = new RollingExtreme(params.stochPeriod - 1, true);
    this.lowest = new RollingExtreme(params.stochPeriod - 1, false);
    this.smoothK = new SmaSeries(params.kSmoothing);
    this.smoothD = new SmaSeries(params.dSmoothing);
    this.lookback =
      params.rsiPeriod + params.stochPeriod - 1 + params.kSmoothing - 1 + params.dSmoothing - 1;
  }

  next(bar: Bar, commit: boolean): StochasticOutput | null {
    const r = this.rsi.next(priceOf(bar, this.params.source), commit);
    if (r === null) return null;
    const ready = this.committed + 1 >= this.params.stochPeriod;
    const raw = ready ? fastK(r, this.highest.withValue(r), this.lowest.withValue(r)) : 0;
    if (commit) {
      if (!ready) this.committed++;
      this.highest.push(r);
      this.lowest.push(r);
    }
    if (!ready) return null;
    const k = this.smoothK.next(raw, commit);
    if (k === null) return null;
    const d = this.smoothD.next(k, commit);
    return d === null ? null : { k, d };
  }

  reset(): void {
    this.rsi.reset();
    this.committed = 0;
    this.highest.clear();
    this.lowest.clear();
    this.smoothK.reset();
    this.smoothD.reset();
  }
}
