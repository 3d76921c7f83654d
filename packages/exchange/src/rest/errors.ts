// Typed failures of the REST client. Binance answers errors with HTTP 4xx/5xx and a body
// {"code": -1121, "msg": "Invalid symbol."} (errors.md); we keep both so callers can branch on code.

/** Any failure of a REST call that is not a caller's abort. */
export class BinanceRestError extends Error {
  constructor(
    message: string,
    /** HTTP status, or 0 when no response arrived. */
    readonly status: number,
    /** Binance's error code from the body, when there was one. */
    readonly code?: number,
    /** Binance's error message from the body, when there was one. */
    readonly msg?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'BinanceRestError';
  }
}

/** The exchange refused the request (4xx other than 429/418): retrying the same call cannot help. */
export class BinanceApiError extends BinanceRestError {
  override name = 'BinanceApiError';
}

/**
 * 429 (over the limit) or 418 (IP banned) that we gave up waiting out: either the attempts ran out
 * or the exchange asked for a wait longer than `maxRetryAfterMs`.
 */
export class BinanceRateLimitError extends BinanceRestError {
  override name = 'BinanceRateLimitError';
  constructor(
    message: string,
    status: number,
    code: number | undefined,
    msg: string | undefined,
    /** How long the exchange asked us to wait (Retry-After), in ms. */
    readonly retryAfterMs: number | undefined,
  ) {
    super(message, status, code, msg);
  }

  get banned(): boolean {
    return this.status === 418;
  }
}

/** 5xx answers or network failures that persisted through every retry. */
export class BinanceUnavailableError extends BinanceRestError {
  override name = 'BinanceUnavailableError';
}

/** A 200 answer whose body does not have the documented shape. */
export class BinanceResponseError extends BinanceRestError {
  override name = 'BinanceResponseError';
}

/**
 * Not sent: this client may spend only a share of the IP's weight per minute (the rest is kept for
 * another process on the same address, e.g. the worker), and that share is spent, or the exchange
 * asked for a pause. Raised instead of waiting by clients that serve someone who is waiting.
 */
export class BinanceBudgetSpentError extends BinanceRestError {
  override name = 'BinanceBudgetSpentError';
  constructor(
    message: string,
    /** When the share is available again (epoch ms). */
    readonly retryAt: number,
  ) {
    super(message, 0);
  }
}

/**
 * Not sent: a step before the request failed (reading the exchange's clock for a signed request's
 * timestamp). The exchange never saw it, so an order behind it was certainly not placed.
 */
export class BinanceNotSentError extends BinanceRestError {
  override name = 'BinanceNotSentError';
}
