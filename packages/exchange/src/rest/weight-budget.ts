// Binance's per-IP REQUEST_WEIGHT limit (6000 per minute today, see exchangeInfo.rateLimits): every
// response reports the weight used in the current minute in X-MBX-USED-WEIGHT-1M. The budget keeps
// that figure plus what is in flight, and makes a request wait for the next minute when it would
// cross the limit, so a long download slows down instead of earning a 429 (and, repeated, a 418 ban).
// Windows are fixed calendar minutes; we use the local clock for their boundaries.

export interface WeightBudgetOptions {
  maxWeightPerMinute: number;
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
      if (wait === 0 && this.used > 0 && this.used + weight > this.opts.maxWeightPerMinute) {
        // A few ms past the boundary so the server has rolled its window too.
        wait = (Math.floor(now / this.opts.windowMs) + 1) * this.opts.windowMs - now + 50;
      }
      if (wait === 0) break;
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
