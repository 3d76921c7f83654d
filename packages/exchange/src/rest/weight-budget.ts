// Binance's per-IP REQUEST_WEIGHT limit (6000 per minute today, see exchangeInfo.rateLimits): every
// response reports the weight used in the current minute in X-MBX-USED-WEIGHT-1M. The budget keeps
// that figure plus what is in flight, and makes a request wait for the next minute when it would
// cross the limit, so a long download slows down instead of earning a 429 (and, repeated, a 418 ban).
// Windows are fixed calendar minutes; we use the local clock for their boundaries.
//
// The header counts the whole IP, so two processes on one address (the web server and the worker)
// each see the other's weight. A client given `share` < 1 stops at that share of the limit, which
// leaves the rest for the other; with `whenSpent: 'fail'` it throws instead of waiting (a person is
// waiting for the answer: "try again shortly" beats a minute of silence).
import { BinanceBudgetSpentError } from './errors';

export interface WeightBudgetOptions {
  maxWeightPerMinute: number;
  /** The part of the limit this client may use, 0–1 (default 1). */
  share?: number;
  /** Past the share: wait for the next window (default) or throw BinanceBudgetSpentError. */
  whenSpent?: 'wait' | 'fail';
  /** Window length: Binance's is one minute; the sim can be told to use shorter ones. */
  windowMs: number;
  now: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export class WeightBudget {
  private used = 0;
  private window = -1;
  private pausedUntil = 0;

  constructor(private readonly opts: WeightBudgetOptions) {}

  /** Weight counted in the current minute (as last reported plus what we sent since). */
  get usedWeight(): number {
    this.roll();
    return this.used;
  }

  /** Waits until `weight` fits in the current window (and any Retry-After pause is over), then claims it. */
  async reserve(weight: number, signal?: AbortSignal): Promise<number> {
    let waited = 0;
    for (;;) {
      signal?.throwIfAborted();
      const now = this.opts.now();
      this.roll();
      let wait = Math.max(0, this.pausedUntil - now);
      const limit = this.opts.maxWeightPerMinute * (this.opts.share ?? 1);
      if (wait === 0 && this.used > 0 && this.used + weight > limit) {
        // A few ms past the boundary so the server has rolled its window too.
        wait = (Math.floor(now / this.opts.windowMs) + 1) * this.opts.windowMs - now + 50;
      }
      if (wait === 0) break;
      if (this.opts.whenSpent === 'fail')
        throw new BinanceBudgetSpentError(
          `Request weight share spent (${this.used} of ${limit} this window)`,
          now + wait,
        );
      waited += wait;
      await this.opts.sleep(wait, signal);
    }
    this.used += weight;
    return waited;
  }

  /** Adopts the server's figure from a response header. */
  observe(usedWeight: number): void {
    this.roll();
    this.used = usedWeight;
  }

  /** Holds every request until `until` (epoch ms), e.g. for a Retry-After. */
  pauseUntil(until: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, until);
  }

  private roll(): void {
    const window = Math.floor(this.opts.now() / this.opts.windowMs);
    if (window !== this.window) {
      this.window = window;
      this.used = 0;
    }
  }
}
