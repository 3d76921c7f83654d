// Binance spot market-data REST client (or the exchange-sim, which speaks the same protocol): the
// public endpoints over the shared transport (transport.ts), which keeps the weight budget, waits out
// 429/418 Retry-After, retries 5xx and network failures, validates answers with zod and throws typed
// errors (errors.ts). Signed endpoints (../signed/) share the same transport and so the same budget.
import { restKlineToCandle, restKlinesSchema } from '@coinview/core/binance';
import type { Candle } from '@coinview/core/candle';
import { type Interval, barCloseTime, barOpenTime, intervalMs } from '@coinview/core/interval';
import type { z } from 'zod';
import {
  type ExchangeInfo,
  type Ticker24h,
  exchangeInfoSchema,
  serverTimeSchema,
  ticker24hSchema,
} from './schemas';
import {
  BinanceTransport,
  type BinanceTransportOptions,
  type TransportStats,
  encodeQuery,
} from './transport';
import { ticker24hWeight, WEIGHTS } from './weights';

export { parseRetryAfter, type RestLogger } from './transport';

/** How to reach the exchange: the transport's options, or a transport shared with other clients. */
export type BinanceRestClientOptions = BinanceTransportOptions | { transport: BinanceTransport };

export interface CallOptions {
  signal?: AbortSignal;
}

export interface KlinesOptions extends CallOptions {
  startTime?: number;
  endTime?: number;
  /** Binance: default 500, at most 1000. */
  limit?: number;
}

export type RestClientStats = TransportStats;

type Params = Record<string, string | number | undefined>;

export class BinanceRestClient {
  /** The transport, for signed clients that should share this one's weight budget. */
  readonly transport: BinanceTransport;
  /** Latest server time we were told; a lower bound of the server's clock from then on. */
  private knownServerTime?: number;

  constructor(options: BinanceRestClientOptions) {
    this.transport = 'transport' in options ? options.transport : new BinanceTransport(options);
  }

  get stats(): RestClientStats {
    return this.transport.stats;
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

  private get<T>(
    path: string,
    params: Params,
    weight: number,
    schema: z.ZodType<T>,
    signal?: AbortSignal,
  ): Promise<T> {
    return this.transport.request({
      method: 'GET',
      path,
      query: encodeQuery(params),
      weight,
      schema,
      signal,
    });
  }
}
