// Binance spot market-data REST client (or the exchange-sim, which speaks the same protocol).
// It stays under the IP weight limit (weight-budget.ts), waits out 429/418 Retry-After, retries 5xx
// and network failures with exponential backoff and jitter, validates every answer with zod, and
// throws typed errors (errors.ts) carrying Binance's {code, msg}.
import { restKlineToCandle, restKlinesSchema } from '@coinview/core/binance';
import type { Candle } from '@coinview/core/candle';
import { type Interval, barCloseTime, barOpenTime, intervalMs } from '@coinview/core/interval';
import type { z } from 'zod';
import { type BackoffOptions, abortableSleep, backoffDelay } from './backoff';
import {
  BinanceApiError,
  BinanceRateLimitError,
  BinanceResponseError,
  type BinanceRestError,
  BinanceUnavailableError,
} from './errors';
import {
  type ExchangeInfo,
  type Ticker24h,
  errorBodySchema,
  exchangeInfoSchema,
  serverTimeSchema,
  ticker24hSchema,
} from './schemas';
import { WeightBudget } from './weight-budget';
import { DEFAULT_MAX_WEIGHT_PER_MINUTE, ticker24hWeight, WEIGHTS } from './weights';

/** The part of a pino logger we use. */
export interface RestLogger {
  debug(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface BinanceRestClientOptions {
  /** e.g. `https://api.binance.com` or the sim's `http://127.0.0.1:9443`. */
  baseUrl: string;
  fetch?: typeof fetch;
  logger?: RestLogger;
  /** The IP's REQUEST_WEIGHT limit per minute (Binance: 6000). */
  maxWeightPerMinute?: number;
  /**
   * The share of that limit this client may use, 0–1 (default 1). The exchange's used-weight
   * header counts every process on the IP, so a share below 1 leaves the rest to the others.
   */
  weightShare?: number;
  /** Past the share: wait for the next window (default) or throw BinanceBudgetSpentError. */
  whenBudgetSpent?: 'wait' | 'fail';
  /** Length of the weight window: Binance counts per calendar minute (default 60 000). */
  weightWindowMs?: number;
  /** Attempts per call, the first included (default 5). */
  maxAttempts?: number;
  /** Longer Retry-After waits than this are not waited out but thrown (default 2 minutes). */
  maxRetryAfterMs?: number;
  /** Per-attempt timeout (default 10 s). */
  timeoutMs?: number;
  /** Retry delays for 5xx and network errors (default 250 ms doubling up to 10 s). */
  backoff?: BackoffOptions;
  /** Wall clock, for the weight windows and Retry-After (tests). */
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
}

export interface CallOptions {
  signal?: AbortSignal;
}

export interface KlinesOptions extends CallOptions {
  startTime?: number;
  endTime?: number;
  /** Binance: default 500, at most 1000. */
  limit?: number;
}

export interface RestClientStats {
  /** HTTP requests sent, retries included. */
  requests: number;
  retries: number;
  /** Wall ms spent waiting for weight or Retry-After. */
  throttledMs: number;
  /** Weight used in the current minute, as last reported by the exchange. */
  usedWeight: number;
}

type Params = Record<string, string | number | undefined>;

export class BinanceRestClient {
  private readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;
  private readonly budget: WeightBudget;
  private readonly opts: Required<Omit<BinanceRestClientOptions, 'logger' | 'fetch' | 'baseUrl'>>;
  private readonly logger?: RestLogger;
  /** Latest server time we were told; a lower bound of the server's clock from then on. */
  private knownServerTime?: number;
  private readonly counters = { requests: 0, retries: 0, throttledMs: 0 };

  constructor(options: BinanceRestClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.fetchImpl = options.fetch ?? fetch;
    this.logger = options.logger;
    this.opts = {
      maxWeightPerMinute: options.maxWeightPerMinute ?? DEFAULT_MAX_WEIGHT_PER_MINUTE,
      weightShare: Math.min(1, Math.max(0, options.weightShare ?? 1)),
      whenBudgetSpent: options.whenBudgetSpent ?? 'wait',
      weightWindowMs: options.weightWindowMs ?? 60_000,
      maxAttempts: Math.max(1, options.maxAttempts ?? 5),
      maxRetryAfterMs: options.maxRetryAfterMs ?? 120_000,
      timeoutMs: options.timeoutMs ?? 10_000,
      backoff: options.backoff ?? { minMs: 250, maxMs: 10_000 },
      now: options.now ?? Date.now,
      sleep: options.sleep ?? abortableSleep,
      random: options.random ?? Math.random,
    };
    this.budget = new WeightBudget({
      maxWeightPerMinute: this.opts.maxWeightPerMinute,
      share: this.opts.weightShare,
      whenSpent: this.opts.whenBudgetSpent,
      windowMs: this.opts.weightWindowMs,
      now: this.opts.now,
      sleep: this.opts.sleep,
    });
  }

  get stats(): RestClientStats {
    return { ...this.counters, usedWeight: this.budget.usedWeight };
  }

  /** `GET /api/v3/time`: the exchange's clock, epoch ms. */
  async serverTime(options: CallOptions = {}): Promise<number> {
    const { serverTime } = await this.get(
      '/api/v3/time',
      {},
      WEIGHTS.time,
      serverTimeSchema,
      options.signal,
    );
    this.knownServerTime = Math.max(this.knownServerTime ?? 0, serverTime);
    return serverTime;
  }

  /**
   * `GET /api/v3/klines`, oldest first. A candle is `closed` when its close time is before the server
   * time read just before the request, so the forming bar (and one that closes while the request is
   * in flight) comes back with `closed: false`. Server time is only fetched when the requested range
   * can reach it.
   */
  async klines(symbol: string, interval: Interval, options: KlinesOptions = {}): Promise<Candle[]> {
    const limit = options.limit ?? 500;
    if (!this.allClosedBefore(interval, options, limit))
      await this.serverTime({ signal: options.signal });
    const reference = this.knownServerTime ?? 0;
    const rows = await this.get(
      '/api/v3/klines',
      {
        symbol,
        interval,
        startTime: options.startTime,
        endTime: options.endTime,
        limit: options.limit,
      },
      WEIGHTS.klines,
      restKlinesSchema,
      options.signal,
    );
    return rows.map((row) => restKlineToCandle(symbol, interval, row, reference));
  }

  /** `GET /api/v3/exchangeInfo`: symbols with their filters, and the rate limits. */
  async exchangeInfo(options: CallOptions & { symbols?: string[] } = {}): Promise<ExchangeInfo> {
    const params: Params = options.symbols ? { symbols: JSON.stringify(options.symbols) } : {};
    const info = await this.get(
      '/api/v3/exchangeInfo',
      params,
      WEIGHTS.exchangeInfo,
      exchangeInfoSchema,
      options.signal,
    );
    this.knownServerTime = Math.max(this.knownServerTime ?? 0, info.serverTime);
    return info;
  }

  /**
   * `GET /api/v3/ticker/24hr` for one symbol, for a list of symbols (`symbols=[…]`, in the order
   * given; an empty list asks nothing and returns []), or every symbol when none is given. Binance
   * refuses the whole list when one symbol is unknown (-1121).
   */
  ticker24h(symbol: string, options?: CallOptions): Promise<Ticker24h>;
  ticker24h(symbols: readonly string[], options?: CallOptions): Promise<Ticker24h[]>;
  ticker24h(symbol?: undefined, options?: CallOptions): Promise<Ticker24h[]>;
  async ticker24h(
    symbol?: string | readonly string[],
    options: CallOptions = {},
  ): Promise<Ticker24h | Ticker24h[]> {
    if (typeof symbol === 'string') {
      return this.get(
        '/api/v3/ticker/24hr',
        { symbol },
        WEIGHTS.ticker24hOne,
        ticker24hSchema,
        options.signal,
      );
    }
    if (symbol !== undefined) {
      if (symbol.length === 0) return [];
      return this.get(
        '/api/v3/ticker/24hr',
        { symbols: JSON.stringify(symbol) },
        ticker24hWeight(symbol.length),
        ticker24hSchema.array(),
        options.signal,
      );
    }
    return this.get(
      '/api/v3/ticker/24hr',
      {},
      WEIGHTS.ticker24hAll,
      ticker24hSchema.array(),
      options.signal,
    );
  }

  // Whether every bar the request can return is surely closed by the last known server time.
  private allClosedBefore(interval: Interval, options: KlinesOptions, limit: number): boolean {
    if (this.knownServerTime === undefined) return false;
    let lastClose = Number.POSITIVE_INFINITY;
    if (options.endTime !== undefined)
      lastClose = barCloseTime(barOpenTime(options.endTime, interval), interval);
    if (options.startTime !== undefined) {
      const longestBar = interval === '1M' ? 31 * 86_400_000 : intervalMs(interval);
      lastClose = Math.min(lastClose, options.startTime + limit * longestBar);
    }
    return lastClose < this.knownServerTime;
  }

  private async get<T>(
    path: string,
    params: Params,
    weight: number,
    schema: z.ZodType<T>,
    signal?: AbortSignal,
  ): Promise<T> {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(params))
      if (value !== undefined) query.set(key, String(value));
    const qs = query.toString();
    const url = `${this.baseUrl}${path}${qs ? `?${qs}` : ''}`;
    let failure: BinanceRestError | undefined;

    for (let attempt = 0; attempt < this.opts.maxAttempts; attempt++) {
      if (attempt > 0) this.counters.retries++;
      this.counters.throttledMs += await this.budget.reserve(weight, signal);
      this.counters.requests++;
      let res: Response;
      try {
        const timeout = AbortSignal.timeout(this.opts.timeoutMs);
        res = await this.fetchImpl(url, {
          signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
        });
      } catch (err) {
        signal?.throwIfAborted();
        failure = new BinanceUnavailableError(
          `GET ${path} failed: ${describe(err)}`,
          0,
          undefined,
          undefined,
          { cause: err },
        );
        await this.retryPause(attempt, failure, signal);
        continue;
      }
      const used = Number(res.headers.get('x-mbx-used-weight-1m'));
      if (res.headers.has('x-mbx-used-weight-1m') && Number.isFinite(used))
        this.budget.observe(used);

      const text = await res.text().catch(() => '');
      if (res.ok) return this.parse(path, res.status, text, schema);

      const body = errorBodySchema.safeParse(safeJson(text));
      const code = body.success ? body.data.code : undefined;
      const msg = body.success ? body.data.msg : undefined;
      const detail = `GET ${path} failed: HTTP ${res.status}${body.success ? ` ${code} ${msg}` : ''}`;

      if (res.status === 429 || res.status === 418) {
        const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'), this.opts.now());
        const wait = retryAfterMs ?? backoffDelay(attempt, this.opts.backoff, this.opts.random);
        if (wait > this.opts.maxRetryAfterMs || attempt + 1 >= this.opts.maxAttempts) {
          throw new BinanceRateLimitError(detail, res.status, code, msg, retryAfterMs);
        }
        this.logger?.warn(
          { path, status: res.status, retryAfterMs: wait },
          'rate limited: waiting before retrying',
        );
        this.budget.pauseUntil(this.opts.now() + wait);
        continue;
      }
      if (res.status >= 500) {
        failure = new BinanceUnavailableError(detail, res.status, code, msg);
        await this.retryPause(attempt, failure, signal);
        continue;
      }
      throw new BinanceApiError(detail, res.status, code, msg);
    }
    throw failure ?? new BinanceUnavailableError(`GET ${path} failed`, 0);
  }

  private async retryPause(
    attempt: number,
    failure: BinanceRestError,
    signal?: AbortSignal,
  ): Promise<void> {
    if (attempt + 1 >= this.opts.maxAttempts) return;
    const delay = backoffDelay(attempt, this.opts.backoff, this.opts.random);
    this.logger?.warn(
      { err: failure.message, status: failure.status, attempt: attempt + 1, delayMs: delay },
      'request failed: retrying',
    );
    await this.opts.sleep(delay, signal);
  }

  private parse<T>(path: string, status: number, text: string, schema: z.ZodType<T>): T {
    const parsed = schema.safeParse(safeJson(text));
    if (!parsed.success) {
      throw new BinanceResponseError(
        `GET ${path}: unexpected response: ${parsed.error.message.slice(0, 500)}`,
        status,
      );
    }
    return parsed.data;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    const cause = err.cause instanceof Error ? `: ${err.cause.message}` : '';
    return `${err.name}: ${err.message}${cause}`;
  }
  return String(err);
}

/** Retry-After is seconds (Binance) or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
