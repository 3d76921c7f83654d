// The client against exchange-sim's own limits and injected faults: what a download meets on a bad day.
import type { Candle } from '@coinview/core/candle';
import { barOpenTime } from '@coinview/core/interval';
import { type ExchangeSim, startExchangeSim } from '@coinview/exchange-sim/server';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BinanceRestClient } from './binance-rest-client';
import { klinePages } from './kline-pages';
import { symbolFilters } from './schemas';

const MIN = 60_000;
const ANCHOR = Date.UTC(2031, 5, 1);
const NOW = ANCHOR + 9000 * MIN + 42_000;
const silent = pino({ level: 'silent' });
let sim: ExchangeSim;

beforeAll(async () => {
  sim = await startExchangeSim({
    port: 0,
    clock: { now: () => 1 },
    startTime: NOW,
    anchor: ANCHOR,
    logger: silent,
    // A small budget in short windows, so the limit is reached in a test's time.
    requestWeightLimit: 100,
    weightWindowMs: 1000,
  });
});
afterAll(() => sim.stop());
afterEach(() => sim.faults.reset());

const fastRetries = {
  backoff: { minMs: 5, maxMs: 50 },
  maxAttempts: 8,
  maxWeightPerMinute: 100,
  weightWindowMs: 1000,
};

async function download(
  client: BinanceRestClient,
  bars: number,
  pageSize = 100,
): Promise<Candle[]> {
  const out: Candle[] = [];
  const from = barOpenTime(NOW, '1m') - bars * MIN;
  for await (const page of klinePages(client, 'BTCUSDT', '1m', { from, pageSize }))
    out.push(...page);
  return out;
}

describe('against exchange-sim limits and faults', () => {
  it('reads exchangeInfo filters and rate limits, and 24h tickers', async () => {
    const client = new BinanceRestClient({ baseUrl: sim.restUrl, logger: silent, ...fastRetries });
    const info = await client.exchangeInfo();
    expect(info.rateLimits).toContainEqual(
      expect.objectContaining({ rateLimitType: 'REQUEST_WEIGHT', limit: 100 }),
    );
    const btc = info.symbols.find((s) => s.symbol === 'BTCUSDT')!;
    expect(btc).toMatchObject({ status: 'TRADING', baseAsset: 'BTC', quoteAsset: 'USDT' });
    const filters = symbolFilters(btc);
    expect(filters.price?.tickSize).toMatch(/^0\.0+1/);
    expect(filters.lotSize?.stepSize).toMatch(/^0\.0+1/);
    expect(filters.notional?.minNotional).toMatch(/^\d/);
    const ticker = await client.ticker24h('ETHUSDT');
    expect(ticker.symbol).toBe('ETHUSDT');
    const all = await client.ticker24h();
    expect(all.map((t) => t.symbol).sort()).toEqual([...sim.symbols].sort());
  });

  it('stays under the weight limit by waiting for the next window instead of earning 429s', async () => {
    // A sim of its own with 5 s windows: the 120 weight of the download cannot fit in one window
    // even on a loaded machine (with 1 s windows, requests slower than 20 ms spread over two
    // windows by themselves and nothing is left to prove).
    const windowMs = 5000;
    const slow = await startExchangeSim({
      port: 0,
      clock: { now: () => 1 },
      startTime: NOW,
      anchor: ANCHOR,
      logger: silent,
      requestWeightLimit: 100,
      weightWindowMs: windowMs,
    });
    try {
      const client = new BinanceRestClient({
        baseUrl: slow.restUrl,
        logger: silent,
        ...fastRetries,
        weightWindowMs: windowMs,
      });
      await new Promise((r) => setTimeout(r, windowMs - (Date.now() % windowMs) + 20)); // window start
      const started = Date.now();
      const candles = await download(client, 6000); // 60 pages × weight 2 = 120 > 100 per window
      expect(candles).toHaveLength(6000);
      expect(client.stats.retries).toBe(0); // never refused
      expect(client.stats.throttledMs).toBeGreaterThan(0);
      expect(Date.now() - started).toBeGreaterThanOrEqual(windowMs - 50);
    } finally {
      await slow.stop();
    }
  }, 30_000);

  it('completes a download through injected 503s and 429 Retry-After, with the same result', async () => {
    const clean = await download(
      new BinanceRestClient({ baseUrl: sim.restUrl, logger: silent, ...fastRetries }),
      1500,
    );
    sim.faults.rest = { status: 503, rate: 0.3 };
    const flaky503 = new BinanceRestClient({
      baseUrl: sim.restUrl,
      logger: silent,
      ...fastRetries,
    });
    expect(await download(flaky503, 1500)).toEqual(clean);
    expect(flaky503.stats.retries).toBeGreaterThan(0);

    sim.faults.rest = { status: 429, rate: 0.3, retryAfterSec: 1 };
    const limited = new BinanceRestClient({ baseUrl: sim.restUrl, logger: silent, ...fastRetries });
    expect(await download(limited, 1500, 500)).toEqual(clean);
    expect(limited.stats.retries).toBeGreaterThan(0);
    expect(limited.stats.throttledMs).toBeGreaterThanOrEqual(900);
  });

  it('gives up with a typed error when the exchange keeps failing', async () => {
    sim.faults.rest = { status: 500, rate: 1 };
    const client = new BinanceRestClient({
      baseUrl: sim.restUrl,
      logger: silent,
      ...fastRetries,
      maxAttempts: 3,
    });
    await expect(client.klines('BTCUSDT', '1m', { limit: 5 })).rejects.toMatchObject({
      name: 'BinanceUnavailableError',
      status: 500,
    });
    expect(client.stats.requests).toBe(3);
  });
});
