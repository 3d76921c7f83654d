// The exchange's request budget under one user's load, against the real exchange-sim (which
// counts weight per IP like Binance) and a real LISTEN/NOTIFY bus:
// - thousands of market.tickers subscriptions share a handful of ticker/24hr requests (the
//   TickerCache), where each used to make its own;
// - one user cannot hold more than MAX_LIVE_SUBSCRIPTIONS_PER_USER live subscriptions at once;
// - the web's REST client stops at its share of the IP's weight (counting the worker's use, which
//   the exchange reports) and answers at once, so the worker on the same IP still gets answers.
import { PgBus } from '@coinview/db/bus';
import { createTestDatabase, type TestDatabase } from '@coinview/db/testing';
import { BinanceBudgetSpentError, BinanceRestClient } from '@coinview/exchange/rest';
import { type ExchangeSim, startExchangeSim } from '@coinview/exchange-sim/server';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTickerProcedures } from '~/server/api/routers/market-tickers';
import {
  MAX_LIVE_SUBSCRIPTIONS_PER_USER,
  SubscriptionSlots,
} from '~/server/api/subscription-slots';
import { createTestContext, sessionFor } from '~/server/api/testing';
import { createCallerFactory, createTRPCRouter } from '~/server/api/trpc';
import { SymbolDirectory } from './symbol-directory';
import { TickerCache } from './ticker-cache';

const silent = pino({ level: 'silent' });
const WAVES = Number(process.env.LOAD_WAVES ?? 10);

let testDb: TestDatabase;
let sim: ExchangeSim;
let listener: PgBus;

beforeAll(async () => {
  [testDb, sim] = await Promise.all([
    createTestDatabase(),
    startExchangeSim({ port: 0, logger: silent }),
  ]);
  listener = new PgBus(testDb.url);
});
afterAll(async () => {
  await Promise.allSettled([listener?.close(), sim?.stop()]);
  await testDb?.cleanup();
});

/** The web process's client as market-data.ts makes it, counting what reaches the exchange. */
function webClient(
  baseUrl: string,
  counter: { ticker: number; all: number },
  maxWeightPerMinute = 6000,
) {
  return new BinanceRestClient({
    baseUrl,
    maxWeightPerMinute,
    logger: silent,
    weightShare: 0.5,
    whenBudgetSpent: 'fail',
    maxAttempts: 1,
    fetch: (input, init) => {
      const url = String(input instanceof Request ? input.url : input);
      if (url.includes('/ticker/24hr')) counter.ticker++;
      counter.all++;
      return fetch(input, init);
    },
  });
}

function tickersRouter(deps: Parameters<typeof createTickerProcedures>[0]) {
  const createCaller = createCallerFactory(
    createTRPCRouter({ market: createTRPCRouter(createTickerProcedures(deps)) }),
  );
  return (userId: string, signal: AbortSignal) =>
    createCaller(createTestContext({ db: testDb.db, session: sessionFor({ id: userId }) }), {
      signal,
    }).market;
}

/** Opens a tickers subscription, waits for its snapshot, closes it; returns the symbols sent. */
async function snapshotOnce(
  caller: ReturnType<typeof tickersRouter>,
  userId: string,
  symbols: string[],
): Promise<string[]> {
  const controller = new AbortController();
  const iterable = await caller(userId, controller.signal).tickers({ symbols });
  const iterator = iterable[Symbol.asyncIterator]();
  const timeout = setTimeout(() => controller.abort(), 15_000);
  try {
    const first = await iterator.next();
    return first.done ? [] : first.value.tickers.map((t) => t.symbol);
  } finally {
    clearTimeout(timeout);
    controller.abort();
    await iterator.return?.();
  }
}

describe('ticker snapshots under load', () => {
  it('3,000 subscriptions from 100 users in waves share a handful of upstream requests', async () => {
    const counter = { ticker: 0, all: 0 };
    const rest = webClient(sim.restUrl, counter);
    const cache = new TickerCache({
      upstream: { fetch: (s) => (s ? rest.ticker24h(s) : rest.ticker24h()) },
    });
    const slots = new SubscriptionSlots();
    // The process's one directory, warmed (its exchangeInfo is cached for an hour).
    const directory = new SymbolDirectory({ exchange: rest });
    await directory.list();
    const caller = tickersRouter({
      getBus: async () => listener,
      getSymbols: () => directory,
      getTickerSource: () => cache,
      getSlots: () => slots,
      logger: silent,
    });
    const symbolsOf = (i: number) => (i % 3 === 0 ? ['BTCUSDT'] : ['BTCUSDT', 'ETHUSDT']);
    const started = Date.now();
    let sent = 0;
    for (let wave = 0; wave < WAVES; wave++) {
      const results = await Promise.all(
        Array.from({ length: 300 }, (_, i) =>
          snapshotOnce(caller, `user-${i % 100}`, symbolsOf(i)),
        ),
      );
      for (const symbols of results) if (symbols.includes('BTCUSDT')) sent++;
    }
    const elapsed = Date.now() - started;
    // Every subscription got its snapshot; the exchange saw one request per freshness window.
    expect(sent).toBe(WAVES * 300);
    expect(cache.upstreamCalls).toBe(counter.ticker);
    expect(counter.ticker).toBeLessThanOrEqual(Math.ceil(elapsed / 5000) + 2);
    expect(rest.stats.usedWeight).toBeLessThan(3000);
    console.info(
      `3000 ticker subscriptions in ${elapsed} ms → ${counter.ticker} ticker/24hr requests, weight ${rest.stats.usedWeight}`,
    );
  }, 120_000);

  it(`refuses a user's live subscription past ${MAX_LIVE_SUBSCRIPTIONS_PER_USER} open ones, and frees slots on close`, async () => {
    const slots = new SubscriptionSlots();
    const rest = webClient(sim.restUrl, { ticker: 0, all: 0 });
    const directory = new SymbolDirectory({ exchange: rest });
    const caller = tickersRouter({
      getBus: async () => listener,
      getSymbols: () => directory,
      getTickerSource: () =>
        new TickerCache({ upstream: { fetch: (s) => rest.ticker24h(s ?? []) } }),
      getSlots: () => slots,
    });
    const controller = new AbortController();
    const open = await Promise.all(
      Array.from({ length: MAX_LIVE_SUBSCRIPTIONS_PER_USER }, async () => {
        const iterator = (
          await caller('greedy', controller.signal).tickers({ symbols: ['BTCUSDT'] })
        )[Symbol.asyncIterator]();
        await iterator.next();
        return iterator;
      }),
    );
    expect(slots.heldBy('greedy')).toBe(MAX_LIVE_SUBSCRIPTIONS_PER_USER);
    const extra = (
      await caller('greedy', new AbortController().signal).tickers({ symbols: ['BTCUSDT'] })
    )[Symbol.asyncIterator]();
    await expect(extra.next()).rejects.toMatchObject({
      code: 'TOO_MANY_REQUESTS',
      message: expect.stringContaining(
        `You have ${MAX_LIVE_SUBSCRIPTIONS_PER_USER} live updates open`,
      ),
    });
    // Someone else is not affected.
    expect(await snapshotOnce(caller, 'modest', ['BTCUSDT'])).toEqual(['BTCUSDT']);
    controller.abort();
    await Promise.all(open.map((iterator) => iterator.return?.() ?? Promise.resolve()));
    expect(slots.heldBy('greedy')).toBe(0);
  });
});

describe("the web's share of the exchange's weight", () => {
  it('stops at its share of what the IP used (the worker included), and the worker still gets answers', async () => {
    // A small limit so the test spends it quickly: 200 per window, the web may use half.
    const small = await startExchangeSim({ port: 0, logger: silent, requestWeightLimit: 200 });
    try {
      const worker = new BinanceRestClient({ baseUrl: small.restUrl, logger: silent });
      const counter = { ticker: 0, all: 0 };
      const web = webClient(small.restUrl, counter, 200);
      // The worker spends 60 (three exchangeInfo); the web sees it in the exchange's header.
      for (let i = 0; i < 3; i++) await worker.exchangeInfo();
      let served = 0;
      let refused: unknown;
      for (let i = 0; i < 100 && !refused; i++) {
        try {
          await web.exchangeInfo();
          served++;
        } catch (err) {
          refused = err;
        }
      }
      expect(refused).toBeInstanceOf(BinanceBudgetSpentError);
      // 60 (worker) + 20 + 20 (web) = 100 reaches the web's half; a third would pass it.
      expect(served).toBe(2);
      // Refused locally: nothing more reached the exchange than what was served.
      expect(counter.all).toBe(served);
      // The worker still has the other half.
      await expect(worker.exchangeInfo()).resolves.toMatchObject({ symbols: expect.any(Array) });
      expect(worker.stats.usedWeight).toBeLessThanOrEqual(200);
    } finally {
      await small.stop();
    }
  });
});
