// Bars the exchange itself does not have (maintenance windows): consecutive candles of a download
// whose open times are not one interval apart.
import type { Candle } from '@coinview/core/candle';
import { type Interval, nextBarOpen } from '@coinview/core/interval';
import { barsInRange } from './bar-count';

export interface Gap {
  /** Open time of the first missing bar. */
  from: number;
  /** Open time of the next bar the exchange did serve. */
  to: number;
  missingBars: number;
}

export class GapTracker {
  readonly gaps: Gap[] = [];
  private previous: number | undefined;

  constructor(
    private readonly interval: Interval,
    /** Open time of the bar expected first (the download's start). */
    private expectedNext: number,
  ) {}

  see(candles: readonly Candle[]): void {
    for (const c of candles) {
      if (c.openTime > this.expectedNext) {
        this.gaps.push({
          from: this.expectedNext,
          to: c.openTime,
          missingBars: barsInRange(this.expectedNext, c.openTime, this.interval),
        });
      }
      this.previous = c.openTime;
      this.expectedNext = nextBarOpen(c.openTime, this.interval);
    }
  }

  get last(): number | undefined {
    return this.previous;
  }

  get missingBars(): number {
    return this.gaps.reduce((sum, g) => sum + g.missingBars, 0);
  }
}
