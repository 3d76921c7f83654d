// Binance's REQUEST_WEIGHT limit per IP (rest-api.md, "LIMITS"): every request adds its weight to a
// fixed window (one minute on Binance, aligned to the clock); past the limit the answer is 429 with
// Retry-After (seconds until the window ends). A client that keeps going after 429s gets an IP ban,
// answered 418 with Retry-After until the ban ends.

export interface WeightLimits {
  /** Weight per window (Binance: 6000 per minute). */
  limit: number;
  windowMs: number;
  /** Requests refused with 429 in one window after which the IP is banned (0: never). */
  banAfter429s: number;
  /** Ban length (Binance: 2 minutes for a first offence, up to 3 days). */
  banMs: number;
}

export type Verdict =
  | { status: 200; used: number }
  | { status: 429 | 418; used: number; retryAfterSec: number; until: number };

interface Usage {
  windowStart: number;
  used: number;
  refused: number;
  bannedUntil: number;
}

export class WeightLimiter {
  private readonly usage = new Map<string, Usage>();

  constructor(readonly limits: WeightLimits) {}

  /** Adds `weight` for `ip` at wall time `now` and says whether the request may be served. */
  charge(ip: string, weight: number, now: number): Verdict {
    const u = this.current(ip, now);
    const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));
    if (u.bannedUntil > now)
      return {
        status: 418,
        used: u.used,
        retryAfterSec: seconds(u.bannedUntil - now),
        until: u.bannedUntil,
      };
    u.used += weight;
    if (u.used <= this.limits.limit) return { status: 200, used: u.used };
    u.refused += 1;
    if (this.limits.banAfter429s > 0 && u.refused > this.limits.banAfter429s) {
      u.bannedUntil = now + this.limits.banMs;
      return {
        status: 418,
        used: u.used,
        retryAfterSec: seconds(this.limits.banMs),
        until: u.bannedUntil,
      };
    }
    const windowEnd = u.windowStart + this.limits.windowMs;
    return { status: 429, used: u.used, retryAfterSec: seconds(windowEnd - now), until: windowEnd };
  }

  /** Weight used by `ip` in the current window. */
  used(ip: string, now: number): number {
    return this.current(ip, now).used;
  }

  private current(ip: string, now: number): Usage {
    const windowStart = Math.floor(now / this.limits.windowMs) * this.limits.windowMs;
    let u = this.usage.get(ip);
    if (!u) {
      u = { windowStart, used: 0, refused: 0, bannedUntil: 0 };
      this.usage.set(ip, u);
    } else if (u.windowStart !== windowStart) {
      u.windowStart = windowStart;
      u.used = 0;
      u.refused = 0;
    }
    return u;
  }
}

/** "1 MINUTE" / "10 SECOND": how Binance names a window in messages and exchangeInfo. */
export function describeWindow(windowMs: number): {
  interval: 'MINUTE' | 'SECOND';
  intervalNum: number;
} {
  return windowMs % 60_000 === 0
    ? { interval: 'MINUTE', intervalNum: windowMs / 60_000 }
    : { interval: 'SECOND', intervalNum: Math.max(1, Math.round(windowMs / 1000)) };
}
