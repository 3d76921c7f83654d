// MACD as TA-Lib computes it (TA_MACD with explicit periods): both EMAs are seeded so that they
// start on the same bar — the slow EMA with the SMA of bars 0..slow−1, the fast EMA with the SMA of
// bars slow−fast..slow−1 (the earliest bars are skipped for it). The signal is a TA-Lib EMA of the
// MACD line. All three outputs start at lookback = (slow − 1) + (signal − 1).
import { EmaSeries } from './ema';
import { StreamingIndicator, priceOf, type Bar, type PriceSource } from './types';

export interface MacdParams {
  fast: number;
  slow: number;
  signal: number;
  source: PriceSource;
}

export interface MacdOutput {
  macd: number;
  signal: number;
  histogram: number;
}

export class Macd extends StreamingIndicator<MacdOutput> {
  readonly lookback: number;
  private readonly fast: EmaSeries;
  private readonly slow: EmaSeries;
  private readonly signal: EmaSeries;
  private readonly fastStart: number;
  private index = 0; // bars committed, capped once the fast EMA has started

  constructor(readonly params: MacdParams) {
    super();
    const fast = Math.min(params.fast, params.slow);
    const slow = Math.max(params.fast, params.slow);
    this.fast = new EmaSeries(fast);
    this.slow = new EmaSeries(slow);
    this.signal = new EmaSeries(params.signal);
    this.fastStart = slow - fast;
    this.lookback = slow - 1 + params.signal - 1;
  }

  next(bar: Bar, commit: boolean): MacdOutput | null {
    const x = priceOf(bar, this.params.source);
    const slow = this.slow.next(x, commit);
    const fast = this.index >= this.fastStart ? this.fast.next(x, commit) : null;
    if (commit && this.index < this.fastStart) this.index++;
    if (slow === null || fast === null) return null;
    const macd = fast - slow;
    const signal = this.signal.next(macd, commit);
    if (signal === null) return null;
    return { macd, signal, histogram: macd - signal };
  }

  reset(): void {
    this.fast.reset();
    this.slow.reset();
    this.signal.reset();
    this.index = 0;
  }
}
