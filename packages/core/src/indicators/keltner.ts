// Keltner Channels, the variant TradingView draws by default: middle = EMA(period) of the close,
// bands = middle ± multiplier · ATR(atrPeriod), with TA-Lib's EMA (SMA seed) and Wilder's ATR
// (TA-Lib seed). (Chester Keltner's original used an SMA of the typical price and the average
// high − low range; that is not this.) Lookback = max(period − 1, atrPeriod).
import { Atr } from './atr';
import { EmaSeries } from './ema';
import { StreamingIndicator, type Bar } from './types';

export interface KeltnerParams {
  period: number;
  atrPeriod: number;
  multiplier: number;
}

export interface KeltnerOutput {
  upper: number;
  middle: number;
  lower: number;
}

export class Keltner extends StreamingIndicator<KeltnerOutput> {
  readonly lookback: number;
  private readonly ema: EmaSeries;
  private readonly atr: Atr;

  constructor(readonly params: KeltnerParams) {
    super();
    this.ema = new EmaSeries(params.period);
    this.atr = new Atr({ period: params.atrPeriod });
    this.lookback = Math.max(this.ema.lookback, this.atr.lookback);
  }

  next(bar: Bar, commit: boolean): KeltnerOutput | null {
    const middle = this.ema.next(bar.close, commit);
    const atr = this.atr.next(bar, commit);
    if (middle === null || atr === null) return null;
    const band = this.params.multiplier * atr;
    return { upper: middle + band, middle, lower: middle - band };
  }

  reset(): void {
    this.ema.reset();
    this.atr.reset();
  }
}
