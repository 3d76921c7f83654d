// Binance refuses a signed request whose `timestamp` is more than `recvWindow` away from its own clock
// (-1021), so signed requests are stamped with the exchange's time: the local clock plus an offset
// measured against GET /api/v3/time (halfway through the round trip). The offset is measured before
// the first signed request and again whenever the exchange answers -1021.

export interface ServerClockOptions {
  /** The exchange's clock, epoch ms (`GET /api/v3/time`). */
  fetchServerTime: (signal?: AbortSignal) => Promise<number>;
  now?: () => number;
}

export class ServerClock {
  private offsetMs: number | undefined;
  private syncing: Promise<number> | undefined;
  private readonly now: () => number;

  constructor(private readonly opts: ServerClockOptions) {
    this.now = opts.now ?? Date.now;
  }

  /** Server minus local clock, ms; undefined before the first sync. */
  get offset(): number | undefined {
    return this.offsetMs;
  }

  /** Measures the offset (concurrent callers share one measurement). */
  sync(signal?: AbortSignal): Promise<number> {
    this.syncing ??= (async () => {
      try {
        const before = this.now();
        const serverTime = await this.opts.fetchServerTime(signal);
        const after = this.now();
        this.offsetMs = Math.round(serverTime - (before + after) / 2);
        return this.offsetMs;
      } finally {
        this.syncing = undefined;
      }
    })();
    return this.syncing;
  }

  /** The exchange's time now, by the last measured offset. */
  timestamp(): number {
    return Math.round(this.now() + (this.offsetMs ?? 0));
  }
}
