// market.latest against the exchange-sim's REST klines and ticker/24hr: the forming bar and the
// 24 h ticker the chart page paints first (issue 9, item 14).
import { createTestDatabase, type TestDatabase } from '@coinview/db/testing';
import { BinanceRestClient } from '@coinview/exchange/rest';
import { type ExchangeSim, startExchangeSim } from '@coinview/exchange-sim/server';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FormingCandles } from '~/server/market/forming-candle';
import { SymbolDirectory } from '~/server/market/symbol-directory';
import { restTickerToTicker } from '~/server/market/ticker-snapshot';
import { createTestContext, sessionFor } from '../testing';
import { createCallerFactory, createTRPCRouter } from '../trpc';
import { createLatestProcedure } from './market-latest';

const silent = pino({ level: 'silent' });
const MIN = 60_000;
const ANCHOR = Date.UTC(2031, 5, 1);
const NOW = ANCHOR + 5000 * MIN + 30_000;

let testDb: TestDatabase;
let sim: ExchangeSim;
let rest: BinanceRestClient;
let directory: SymbolDirectory;
let forming: FormingCandles;

const router = createTRPCRouter({
  market: createTRPCRouter(
    createLatestProcedure({
      getSymbols: () => directory,
      getTickerSource: () => rest,
      getFormingCandles: () => forming,
    }),
  ),
});
const createCaller = createCallerFactory(router);
const user = { id: 'trader-1', email: 'trader@example.test' };
const callerAs = (who: typeof user | null) =>
  createCaller(createTestContext({ db: testDb.db, session: who ? sessionFor(who) : null })).market;

beforeAll(async () => {
  [testDb, sim] = await Promise.all([
    createTestDatabase(),
    // Frozen sim clock: its forming bar and tickers stay put, so they can be compared exactly.
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
  forming = new FormingCandles({ source: rest });
});
afterAll(async () => {
  await sim?.stop();
  await testDb?.cleanup();
});

describe('market.latest', () => {
  it('returns the bar in progress and the 24 h ticker, as the exchange has them now', async () => {
    const latest = await callerAs(user).latest({ symbol: 'BTCUSDT', interval: '1m' });
    const rows = await rest.klines('BTCUSDT', '1m', { limit: 2 });
    expect(latest.candle).toEqual(rows.at(-1));
    expect(latest.candle).toMatchObject({ closed: false, openTime: ANCHOR + 5000 * MIN });
    expect(latest.candle!.openTime).toBeGreaterThan(rows[0]!.openTime);
    expect(latest.ticker).toEqual(restTickerToTicker(await rest.ticker24h('BTCUSDT')));
    // The ticker's last price is the forming bar's close: one moment, one price.
    expect(latest.ticker!.last).toBe(latest.candle!.close);
  });

  it('shares one klines call per market within a second', async () => {
    const before = forming.fetches;
    const caller = callerAs(user);
    await Promise.all([
      caller.latest({ symbol: 'ETHUSDT', interval: '5m' }),
      caller.latest({ symbol: 'ETHUSDT', interval: '5m' }),
    ]);
    await caller.latest({ symbol: 'ETHUSDT', interval: '5m' });
    expect(forming.fetches - before).toBe(1);
  });

  it('asks the exchange nothing for a symbol it does not list', async () => {
    const before = forming.fetches;
    const latest = await callerAs(user).latest({ symbol: 'NOPEUSDT', interval: '1m' });
    expect(latest).toEqual({ candle: null, ticker: null });
    expect(forming.fetches).toBe(before);
  });

  it('refuses signed-out callers and malformed input', async () => {
    await expect(
      callerAs(null).latest({ symbol: 'BTCUSDT', interval: '1m' }),
    ).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(
      callerAs(user).latest({ symbol: 'btc/usdt', interval: '1m' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});
