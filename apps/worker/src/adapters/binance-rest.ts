// Binance spot REST market data (or the exchange-sim, which speaks the same protocol).
import { type RestKline, restKlinesSchema } from '@coinview/core/binance';
import type { Interval } from '@coinview/core/interval';
import { z } from 'zod';

const errorSchema = z.object({ code: z.number(), msg: z.string() });
const timeSchema = z.object({ serverTime: z.number().int() });

export class BinanceRestError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code?: number,
  ) {
    super(message);
    this.name = 'BinanceRestError';
  }
}

export interface KlinesRequest {
  startTime?: number;
  endTime?: number;
  /** Binance: default 500, at most 1000. */
  limit?: number;
}

export class BinanceRest {
  private readonly baseUrl: string;
  private readonly timeoutMs: number;

  constructor(opts: { baseUrl: string; timeoutMs?: number }) {
    this.baseUrl = opts.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = opts.timeoutMs ?? 10_000;
  }

  async serverTime(): Promise<number> {
    return timeSchema.parse(await this.get('/api/v3/time', {})).serverTime;
  }

  /** Rows oldest first; the last one is the forming bar when the range reaches now. */
  async klines(symbol: string, interval: Interval, request: KlinesRequest = {}): Promise<RestKline[]> {
    const params: Record<string, string> = { symbol, interval };
    if (request.startTime !== undefined) params.startTime = String(request.startTime);
    if (request.endTime !== undefined) params.endTime = String(request.endTime);
    if (request.limit !== undefined) params.limit = String(request.limit);
    return restKlinesSchema.parse(await this.get('/api/v3/klines', params));
  }

  private async get(path: string, params: Record<string, string>): Promise<unknown> {
    const url = `${this.baseUrl}${path}?${new URLSearchParams(params)}`;
    const res = await fetch(url, { signal: AbortSignal.timeout(this.timeoutMs) });
    const body: unknown = await res.json().catch(() => undefined);
    if (!res.ok) {
      const error = errorSchema.safeParse(body);
      const detail = error.success ? `${error.data.code} ${error.data.msg}` : res.statusText;
      throw new BinanceRestError(`GET ${path} failed: ${res.status} ${detail}`, res.status, error.data?.code);
    }
    return body;
  }
}
