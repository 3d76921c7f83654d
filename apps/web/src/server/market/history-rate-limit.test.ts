// One user paging into the past makes the web server fetch from the exchange for every page it
// does not hold. Those pages are limited per user (market.candles answers TOO_MANY_REQUESTS past
// the limit), while pages the database already holds stay free and other users are unaffected.
// Real exchange-sim klines, real Postgres.
import { PgBus } from '@coinview/db/bus';
import { createTestDatabase, type TestDatabase } from '@coinview/db/testing';
import { BinanceRestClient } from '@coinview/exchange/rest';
import { type ExchangeSim, startExchangeSim } from '@coinview/exchange-sim/server';
import { pino } from 'pino';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMarketRouter } from '~/server/api/routers/market';
import { createTestContext, sessionFor } from '~/server/api/testing';
import { createCallerFactory, createTRPCRouter } from '~/server/api/trpc';
import { CandleHistory } from './candle-history';

const silent = pino({ level: 'silent' });
const MIN = 60_000;

let testDb: TestDatabase;
let sim: ExchangeSim;
let bus: PgBus;

beforeAll(async () => {
  [testDb, sim] = await Promise.all([
    createTestDatabase(),
    startExchangeSim({ port: 0, logger: silent }),
  ]);
  bus = new PgBus(testDb.url);
});
afterAll(async () => {
  await Promise.allSettled([bus?.close(), sim?.stop()]);
  await testDb?.cleanup();
});

describe('history pages fetched from the exchange', () => {
  it('are limited per user; stored pages and other users are not', async () => {
    let klineRequests = 0;
    const rest = new BinanceRestClient({
      baseUrl: sim.restUrl,
      logger: silent,
      fetch: (input, init) => {
        const url = input instanceof Request ? input.url : input.toString();
        if (url.includes('/klines')) klineRequests++;
        return fetch(input, init);
      },
    });
    const router = createTRPCRouter({
      market: createMarketRouter({
        getBus: async () => bus,
        getHistory: () => new CandleHistory({ exchange: rest, now: () => sim.now() }),
        getInterest: () => ({ hold: () => () => {} }),
        historyLimiter: new RateLimiterMemory({ points: 3, duration: 60 }),
      }),
    });
    const createCaller = createCallerFactory(router);
    const as = (id: string) =>
      createCaller(createTestContext({ db: testDb.db, session: sessionFor({ id }) })).market;
    const start = Math.floor(sim.now() / MIN) * MIN - 10 * MIN;
    const page = (n: number) => ({
      symbol: 'BTCUSDT',
      interval: '1m' as const,
      before: start - n * 50 * MIN,
      limit: 50,
    });

    for (let n = 0; n < 3; n++)
      expect((await as('pager').candles(page(n))).bars.time).toHaveLength(50);
    expect(klineRequests).toBe(3);
    await expect(as('pager').candles(page(3))).rejects.toMatchObject({
      code: 'TOO_MANY_REQUESTS',
      message: expect.stringMatching(
        /^You are loading history from the exchange faster than one account may\. Try again in \d+ s\.$/,
      ),
    });
    // Refused before asking the exchange.
    expect(klineRequests).toBe(3);
    // Stored pages are free.
    for (let n = 0; n < 3; n++)
      expect((await as('pager').candles(page(n))).bars.time).toHaveLength(50);
    expect(klineRequests).toBe(3);
    // Someone else pages on.
    expect((await as('reader').candles(page(3))).bars.time).toHaveLength(50);
  }, 60_000);
});
