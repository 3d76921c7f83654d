// The HTTP transport every Binance REST endpoint goes through, public or signed: it stays under the
// IP weight limit (weight-budget.ts), waits out 429/418 Retry-After, retries 5xx and network
// failures with exponential backoff and jitter, times out each attempt, validates every answer with
// zod, and throws typed errors (errors.ts) carrying Binance's {code, msg}.
//
// What a request may be retried after depends on what it does. A read (`retry: 'idempotent'`) is
// simply asked again. A request that changes something on the exchange (placing or cancelling an
// order: `retry: 'never'`) is sent exactly once: after a timeout, a dropped connection or a 5xx the
// exchange may have acted on it, so the error goes back to the caller, who looks the order up
// instead of sending it twice. Such a request does not sit out a 429 either: the caller decides
// whether a late order is still wanted.
import type { z } from 'zod';
import { type BackoffOptions, abortableSleep, backoffDelay } from './backoff';
import {
  BinanceApiError,
  BinanceRateLimitError,
  BinanceResponseError,
  type BinanceRestError,
  BinanceUnavailableError,
} from './errors';
import { errorBodySchema } from './schemas';
import { WeightBudget } from './weight-budget';
import { DEFAULT_MAX_WEIGHT_PER_MINUTE } from './weights';

/** The part of a pino logger we use. */
export interface RestLogger {
  debug(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface BinanceTransportOptions {
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
  /** Attempts per idempotent call, the first included (default 5). */
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

export interface TransportStats {
  /** HTTP requests sent, retries included. */
  requests: number;
  retries: number;
  /** Wall ms spent waiting for weight or Retry-After. */
  throttledMs: number;
  /** Weight used in the current minute, as last reported by the exchange. */
  usedWeight: number;
}

export interface TransportRequest<T> {
  method: 'GET' | 'POST' | 'DELETE' | 'PUT';
  path: string;
  /**
   * The exact query string to send (without `?`). A function is called once per attempt, so a
   * signed request carries a fresh timestamp and signature each time it is sent.
   */
  query: string | (() => string);
  weight: number;
  schema: z.ZodType<T>;
  headers?: Record<string, string>;
  /** 'idempotent' (default): retried on 5xx and network errors. 'never': sent at most once. */
  retry?: 'idempotent' | 'never';
  signal?: AbortSignal;
}

type Settings = Required<Omit<BinanceTransportOptions, 'logger' | 'fetch' | 'baseUrl'>>;

export class BinanceTransport {
  readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;
  private readonly budget: WeightBudget;
  readonly settings: Settings;
  private readonly logger?: RestLogger;
  private readonly counters = { requests: 0, retries: 0, throttledMs: 0 };

  constructor(options: BinanceTransportOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.fetchImpl = options.fetch ?? fetch;
    this.logger = options.logger;
    this.settings = {
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
      maxWeightPerMinute: this.settings.maxWeightPerMinute,
      share: this.settings.weightShare,
      whenSpent: this.settings.whenBudgetSpent,
      windowMs: this.settings.weightWindowMs,
      now: this.settings.now,
      sleep: this.settings.sleep,
    });
  }

  get stats(): TransportStats {
    return { ...this.counters, usedWeight: this.budget.usedWeight };
  }

  async request<T>(req: TransportRequest<T>): Promise<T> {
    const { method, path, signal } = req;
    const once = req.retry === 'never';
    const attempts = once ? 1 : this.settings.maxAttempts;
    let failure: BinanceRestError | undefined;

    for (let attempt = 0; attempt < attempts; attempt++) {
      if (attempt > 0) this.counters.retries++;
      this.counters.throttledMs += await this.budget.reserve(req.weight, signal);
      this.counters.requests++;
      const qs = typeof req.query === 'function' ? req.query() : req.query;
      const url = `${this.baseUrl}${path}${qs ? `?${qs}` : ''}`;
      let res: Response;
      try {
        const timeout = AbortSignal.timeout(this.settings.timeoutMs);
        res = await this.fetchImpl(url, {
          method,
          headers: req.headers,
          signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
        });
      } catch (err) {
        signal?.throwIfAborted();
        failure = new BinanceUnavailableError(
          `${method} ${path} failed: ${describe(err)}`,
          0,
          undefined,
          undefined,
          { cause: err },
        );
        if (once) throw failure;
        await this.retryPause(attempt, failure, signal);
        continue;
      }
      const used = Number(res.headers.get('x-mbx-used-weight-1m'));
      if (res.headers.has('x-mbx-used-weight-1m') && Number.isFinite(used))
        this.budget.observe(used);

      const text = await res.text().catch(() => '');
      if (res.ok) return this.parse(method, path, res.status, text, req.schema);

      const body = errorBodySchema.safeParse(safeJson(text));
      const code = body.success ? body.data.code : undefined;
      const msg = body.success ? body.data.msg : undefined;
      const detail = `${method} ${path} failed: HTTP ${res.status}${body.success ? ` ${code} ${msg}` : ''}`;

      if (res.status === 429 || res.status === 418) {
        const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'), this.settings.now());
        const wait =
          retryAfterMs ?? backoffDelay(attempt, this.settings.backoff, this.settings.random);
        // Every later request waits too, whether or not this one is retried.
        if (wait <= this.settings.maxRetryAfterMs)
          this.budget.pauseUntil(this.settings.now() + wait);
        if (once || wait > this.settings.maxRetryAfterMs || attempt + 1 >= attempts) {
          throw new BinanceRateLimitError(detail, res.status, code, msg, retryAfterMs);
        }
        this.logger?.warn(
          { path, status: res.status, retryAfterMs: wait },
          'rate limited: waiting before retrying',
        );
        continue;
      }
      if (res.status >= 500) {
        failure = new BinanceUnavailableError(detail, res.status, code, msg);
        if (once) throw failure;
        await this.retryPause(attempt, failure, signal);
        continue;
      }
      throw new BinanceApiError(detail, res.status, code, msg);
    }
    throw failure ?? new BinanceUnavailableError(`${method} ${path} failed`, 0);
  }

  private async retryPause(
    attempt: number,
    failure: BinanceRestError,
    signal?: AbortSignal,
  ): Promise<void> {
    if (attempt + 1 >= this.settings.maxAttempts) return;
    const delay = backoffDelay(attempt, this.settings.backoff, this.settings.random);
    this.logger?.warn(
      { err: failure.message, status: failure.status, attempt: attempt + 1, delayMs: delay },
      'request failed: retrying',
    );
    await this.settings.sleep(delay, signal);
  }

  private parse<T>(
    method: string,
    path: string,
    status: number,
    text: string,
    schema: z.ZodType<T>,
  ): T {
    const parsed = schema.safeParse(safeJson(text));
    if (!parsed.success) {
      throw new BinanceResponseError(
        `${method} ${path}: unexpected response: ${parsed.error.message.slice(0, 500)}`,
        status,
      );
    }
    return parsed.data;
  }
}

/** `key=value&…` of the defined params, in the order given (the exact string a signature covers). */
export function encodeQuery(params: Record<string, string | number | boolean | undefined>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined) query.set(key, String(value));
  return query.toString();
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
