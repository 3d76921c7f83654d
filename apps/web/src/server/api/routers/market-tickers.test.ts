// market.symbols and market.tickers against the exchange-sim (REST exchangeInfo and ticker/24hr)
// and a real LISTEN/NOTIFY bus on a real Postgres.
import { encodeTickerBatches, type Ticker } from '@coinview/core/ticker';
import { PgBus } from '@coinview/db/bus';
import { createTestDatabase, type TestDatabase } from '@coinview/db/testing';
import { BinanceRestClient } from '@coinview/exchange/rest';
import { type ExchangeSim, startExchangeSim } from '@coinview/exchange-sim/server';
import { TICKERS_TOPIC } from '@coinview/db/bus-topics';
import { TRPCError } from '@trpc/server';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SymbolDirectory } from '~/server/market/symbol-directory';
import { createTestContext, sessionFor } from '../testing';
import { createCallerFactory, createTRPCRouter } from '../trpc';
import { createTickerProcedures } from './market-tickers';

const silent = pino({ level: 'silent' });
const MIN = 60_000;
const ANCHOR = Date.UTC(2031, 5, 1);
const NOW = ANCHOR + 5000 * MIN + 30_000;

let testDb: TestDatabase;
let sim: ExchangeSim;
let rest: BinanceRestClient;
let directory: SymbolDirectory;
let listener: PgBus;
let publisher: PgBus;

const router = createTRPCRouter({
  market: createTRPCRouter(
    createTickerProcedures({
      getBus: async () => listener,
      getSymbols: () => directory,
      getTickerSource: () => rest,
    }),
  ),
});
const createCaller = createCallerFactory(router);
const user = { id: 'trader-1', email: 'trader@example.test' };
const callerAs = (who: typeof user | null, signal?: AbortSignal) =>
  createCaller(createTestContext({ db: testDb.db, session: who ? sessionFor(who) : null }), {
    signal,
  }).market;

beforeAll(async () => {
  [testDb, sim] = await Promise.all([
    createTestDatabase(),
    // Frozen sim clock: its tickers stay put, so the snapshot can be compared exactly.
    startExchangeSim({
      port: 0,
      logger: silent,
      clock: { now: () => 1 },
      startTime: NOW,
      anchor: ANCHOR,
    }),
  ]);
  rest = new BinanceRestClient({ baseUrl: sim.restUrl, logger: silent });
  directory = new SymbolDirectory({ exchange: rest });
  listener = new PgBus(testDb.url);
  publisher = new PgBus(testDb.url);
});
afterAll(async () => {
  await Promise.allSettled([listener?.close(), publisher?.close(), sim?.stop()]);
  await testDb?.cleanup();
});

async function next(iterator: AsyncIterator<unknown>, timeoutMs = 5_000): Promise<Ticker[]> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no event within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    const result = await Promise.race([iterator.next(), timeout]);
    if (result.done) throw new Error('subscription ended');
    return (result.value as { tickers: Ticker[] }).tickers;
  } finally {
    clearTimeout(timer);
  }
}

const ticker = (symbol: string, last: string, eventTime: number): Ticker => ({
  symbol,
  last,
  open: '100',
  high: '120',
  low: '90',
  quoteVolume: '5000',
  changePercent: Math.round((Number(last) - 100) * 1000) / 1000,
  eventTime,
});

describe('market.symbols', () => {
  it('lists the trading symbols with precisions from their filters', async () => {
    const list = await callerAs(user).symbols();
    expect(list).toEqual([
      {
        symbol: 'BTCUSDT',
        baseAsset: 'BTC',
        quoteAsset: 'USDT',
        pricePrecision: 2,
        quantityPrecision: 5,
        tickSize: '0.01000000',
      },
      {
        symbol: 'ETHUSDT',
        baseAsset: 'ETH',
        quoteAsset: 'USDT',
        pricePrecision: 2,
        quantityPrecision: 4,
        tickSize: '0.01000000',
      },
    ]);
  });

  it('refuses signed-out callers', async () => {
    await expect(callerAs(null).symbols()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});

describe('market.tickers', () => {
  it('sends a REST snapshot first, then bus updates for the symbols asked only', async () => {
    const controller = new AbortController();
    const iterable = await callerAs(user, controller.signal).tickers({
      symbols: ['ETHUSDT', 'NOPEUSDT', 'ETHUSDT'],
    });
    const iterator = iterable[Symbol.asyncIterator]();

    const snapshot = await next(iterator);
    const [expected] = await rest.ticker24h(['ETHUSDT']);
    expect(snapshot).toEqual([
      {
        symbol: 'ETHUSDT',
        last: expected!.lastPrice,
        open: expected!.openPrice,
        high: expected!.highPrice,
        low: expected!.lowPrice,
        quoteVolume: expected!.quoteVolume,
        changePercent: expect.closeTo(Number(expected!.priceChangePercent), 2) as number,
        eventTime: expected!.closeTime,
      },
    ]);

    const later = expected!.closeTime + 1000;
    const pending = next(iterator);
    const batches = encodeTickerBatches([
      ticker('BTCUSDT', '101', later),
      ticker('ETHUSDT', '102.5', later),
    ]);
    for (const batch of batches) await publisher.publish(TICKERS_TOPIC, batch);
    expect(await pending).toEqual([ticker('ETHUSDT', '102.5', later)]);

    // An older update (a stale worker, a replayed frame) never moves the price back.
    const pending2 = next(iterator);
    await publisher.publish(
      TICKERS_TOPIC,
      encodeTickerBatches([ticker('ETHUSDT', '99', later - 5)])[0],
    );
    await publisher.publish(TICKERS_TOPIC, { rows: 'garbage' });
    await publisher.publish(
      TICKERS_TOPIC,
      encodeTickerBatches([ticker('ETHUSDT', '103', later + 1000)])[0],
    );
    expect(await pending2).toEqual([ticker('ETHUSDT', '103', later + 1000)]);

    controller.abort();
    await expect(iterator.next()).resolves.toMatchObject({ done: true });
  });

  it('limits a subscription to 50 symbols and refuses bad ones', async () => {
    const many = Array.from({ length: 51 }, (_, i) => `S${i}USDT`);
    for (const symbols of [many, ['btc-usdt'], ['']]) {
      const err = await callerAs(user)
        .tickers({ symbols })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TRPCError);
      expect(err).toMatchObject({ code: 'BAD_REQUEST' });
    }
    await expect(callerAs(null).tickers({ symbols: ['BTCUSDT'] })).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
  });
});

describe('SymbolDirectory', () => {
  it('shares one exchangeInfo call among concurrent callers and caches it for the ttl', async () => {
    let now = 0;
    const d = new SymbolDirectory({ exchange: rest, ttlMs: 1000, now: () => now });
    const lists = await Promise.all([d.list(), d.list(), d.get('BTCUSDT'), d.list()]);
    expect(d.fetches).toBe(1);
    expect(lists[2]).toMatchObject({ symbol: 'BTCUSDT' });
    now = 999;
    await d.list();
    expect(d.fetches).toBe(1);
    now = 1000;
    await d.list();
    expect(d.fetches).toBe(2);
  });

  it('serves the previous list when a refresh fails, and fails with none', async () => {
    let now = 0;
    let fail = false;
    const exchange = {
      exchangeInfo: async () => {
        if (fail) throw new Error('exchange down');
        return rest.exchangeInfo();
      },
    };
    const d = new SymbolDirectory({ exchange, ttlMs: 1000, now: () => now });
    await expect(d.get('ETHUSDT')).resolves.toMatchObject({ symbol: 'ETHUSDT' });
    fail = true;
    now = 5000;
    await expect(d.get('ETHUSDT')).resolves.toMatchObject({ symbol: 'ETHUSDT' });
    const empty = new SymbolDirectory({ exchange });
    await expect(empty.list()).rejects.toThrow('exchange down');
  });
});
