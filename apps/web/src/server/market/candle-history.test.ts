// CandleHistory against a real Postgres and the real exchange-sim (over HTTP, through the real
// Binance REST client): holes in the database are filled from the exchange and stored, pages are
// contiguous, a repeated request is answered by the database alone, and the walk stops where the
// exchange's history (or the configured earliest time) ends.
import type { Candle } from '@coinview/core/candle';
import { type Interval, barOpenTime, intervalMs } from '@coinview/core/interval';
import { listCandles, upsertCandles } from '@coinview/db/candles';
import { createTestDatabase, type TestDatabase } from '@coinview/db/testing';
import {
  BinanceRestClient,
  BinanceUnavailableError,
  type KlinesOptions,
} from '@coinview/exchange/rest';
import { type ExchangeSim, startExchangeSim } from '@coinview/exchange-sim/server';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CandleHistory, type CandleHistoryOptions } from './candle-history';

const MINUTE = 60_000;
const silent = pino({ level: 'silent' });

let testDb: TestDatabase;
let sim: ExchangeSim;
let client: BinanceRestClient;

/** The sim's REST client, with every klines call recorded. */
const calls: { symbol: string; interval: Interval; options: KlinesOptions }[] = [];
const exchange: CandleHistoryOptions['exchange'] = {
  klines: (symbol, interval, options = {}) => {
    calls.push({ symbol, interval, options });
    return client.klines(symbol, interval, options);
  },
};

beforeAll(async () => {
  [testDb, sim] = await Promise.all([
    createTestDatabase(),
    startExchangeSim({ port: 0, logger: silent }),
  ]);
  client = new BinanceRestClient({ baseUrl: sim.restUrl });
});

afterAll(async () => {
  await Promise.all([sim?.stop(), testDb?.cleanup()]);
});

beforeEach(async () => {
  calls.length = 0;
  await testDb.db.$executeRaw`TRUNCATE "Candle"`;
});

/** What the exchange serves: the `count` closed bars before `before`, oldest first. */
async function exchangeBars(
  symbol: string,
  interval: Interval,
  before: number,
  count: number,
): Promise<Candle[]> {
  const bars: Candle[] = [];
  let end = before - 1;
  while (bars.length < count) {
    const page = await client.klines(symbol, interval, {
      endTime: end,
      limit: Math.min(1000, count - bars.length),
    });
    bars.unshift(...page);
    end = page[0]!.openTime - 1;
  }
  return bars;
}

/** Candles compared by value: the database keeps 8 decimals, the exchange may send fewer. */
function values(candles: Candle[]) {
  return candles.map((c) => ({
    openTime: c.openTime,
    ohlcv: [c.open, c.high, c.low, c.close, c.volume, c.quoteVolume].map(Number),
    trades: c.trades,
    closed: c.closed,
  }));
}

/** Steps between consecutive bars that are not exactly one interval. */
function breaks(candles: Candle[], step: number): number[] {
  const out: number[] = [];
  for (let i = 1; i < candles.length; i++) {
    if (candles[i]!.openTime - candles[i - 1]!.openTime !== step)
      out.push(candles[i - 1]!.openTime);
  }
  return out;
}

/** A point two days back in the sim's past, aligned to `interval`. */
function pastBoundary(interval: Interval): number {
  return barOpenTime(sim.now() - 2 * 24 * 60 * MINUTE, interval);
}

describe('CandleHistory', () => {
  it('fills a hole in the database from the exchange, stores it, and serves the next call from the database', async () => {
    const before = pastBoundary('1m');
    const truth = await exchangeBars('BTCUSDT', '1m', before, 300);
    // The database misses 50 bars in the middle and the 20 newest.
    await upsertCandles(testDb.db, [...truth.slice(0, 100), ...truth.slice(150, 280)]);

    const history = new CandleHistory({ exchange, logger: silent });
    const page = await history.page(testDb.db, {
      symbol: 'BTCUSDT',
      interval: '1m',
      before,
      limit: 300,
    });

    expect(page.candles).toHaveLength(300);
    expect(values(page.candles)).toEqual(values(truth));
    expect(breaks(page.candles, MINUTE)).toEqual([]);
    expect(page.candles.at(-1)!.openTime).toBe(before - MINUTE);
    expect(page.hasMore).toBe(true);
    expect(page.fetched).toBeGreaterThanOrEqual(70);
    expect(calls.length).toBeGreaterThan(0);
    // Every request asked for bars before `before` only (never the forming bar or the future).
    expect(calls.every((c) => (c.options.endTime ?? Infinity) < before)).toBe(true);

    const stored = await listCandles(testDb.db, {
      symbol: 'BTCUSDT',
      interval: '1m',
      before,
      limit: 1000,
    });
    expect(values(stored)).toEqual(values(truth));

    calls.length = 0;
    const again = await history.page(testDb.db, {
      symbol: 'BTCUSDT',
      interval: '1m',
      before,
      limit: 300,
    });
    expect(calls).toHaveLength(0);
    expect(again.fetched).toBe(0);
    expect(values(again.candles)).toEqual(values(truth));
  });

  it('pages back through an empty database in exchange requests of at most 1000 bars', async () => {
    const before = pastBoundary('1m');
    const history = new CandleHistory({ exchange, logger: silent });
    const page = await history.page(testDb.db, {
      symbol: 'ETHUSDT',
      interval: '1m',
      before,
      limit: 2500,
    });

    expect(page.candles).toHaveLength(2500);
    expect(breaks(page.candles, MINUTE)).toEqual([]);
    expect(calls.map((c) => c.options.limit)).toEqual([1000, 1000, 500]);
    expect(values(page.candles)).toEqual(values(await exchangeBars('ETHUSDT', '1m', before, 2500)));

    // The next page continues exactly where this one ended: no overlap, no gap at the seam.
    const older = await history.page(testDb.db, {
      symbol: 'ETHUSDT',
      interval: '1m',
      before: page.candles[0]!.openTime,
      limit: 100,
    });
    expect(older.candles.at(-1)!.openTime).toBe(page.candles[0]!.openTime - MINUTE);
    expect(breaks([...older.candles, ...page.candles], MINUTE)).toEqual([]);
  });

  it('without `before` ends at the newest closed bar, even with nothing stored', async () => {
    const history = new CandleHistory({ exchange, logger: silent, now: () => sim.now() });
    const page = await history.page(testDb.db, { symbol: 'BTCUSDT', interval: '5m', limit: 50 });
    const forming = barOpenTime(sim.now(), '5m');

    expect(page.candles).toHaveLength(50);
    expect(page.candles.every((c) => c.closed && c.interval === '5m')).toBe(true);
    expect(breaks(page.candles, 5 * MINUTE)).toEqual([]);
    // The newest closed bar (a bar may have closed while the test ran).
    expect([forming - 5 * MINUTE, forming - 10 * MINUTE]).toContain(page.candles.at(-1)!.openTime);
  });

  it('stops at the configured earliest time', async () => {
    const before = pastBoundary('15m');
    const earliest = before - 40 * 15 * MINUTE;
    const history = new CandleHistory({ exchange, logger: silent, earliest });
    const page = await history.page(testDb.db, {
      symbol: 'BTCUSDT',
      interval: '15m',
      before,
      limit: 100,
    });

    expect(page.candles).toHaveLength(40);
    expect(page.candles[0]!.openTime).toBe(earliest);
    expect(page.hasMore).toBe(false);
    expect(
      await history.page(testDb.db, {
        symbol: 'BTCUSDT',
        interval: '15m',
        before: earliest,
        limit: 100,
      }),
    ).toEqual({
      candles: [],
      hasMore: false,
      fetched: 0,
    });
  });

  it('skips bars the exchange never had, fills the page from further back, and remembers the hole', async () => {
    const before = pastBoundary('1m');
    const holeFrom = before - 60 * MINUTE;
    const holeTo = before - 31 * MINUTE; // 30 missing bars, like an exchange maintenance window
    const withHole: CandleHistoryOptions['exchange'] = {
      klines: async (symbol, interval, options) =>
        (await exchange.klines(symbol, interval, options)).filter(
          (c) => c.openTime < holeFrom || c.openTime > holeTo,
        ),
    };
    const history = new CandleHistory({ exchange: withHole, logger: silent });
    const page = await history.page(testDb.db, {
      symbol: 'BTCUSDT',
      interval: '1m',
      before,
      limit: 100,
    });

    expect(page.candles).toHaveLength(100);
    expect(breaks(page.candles, MINUTE)).toEqual([holeFrom - MINUTE]);
    expect(page.candles[0]!.openTime).toBe(before - 130 * MINUTE);

    calls.length = 0;
    const again = await history.page(testDb.db, {
      symbol: 'BTCUSDT',
      interval: '1m',
      before,
      limit: 100,
    });
    expect(calls).toHaveLength(0);
    expect(values(again.candles)).toEqual(values(page.candles));
  });

  it('stops where the exchange has nothing older (its first bar), and remembers it', async () => {
    const before = pastBoundary('1h');
    const listing = before - 30 * intervalMs('1h');
    const listed: CandleHistoryOptions['exchange'] = {
      klines: async (symbol, interval, options) =>
        (await exchange.klines(symbol, interval, options)).filter((c) => c.openTime >= listing),
    };
    const history = new CandleHistory({ exchange: listed, logger: silent });
    const page = await history.page(testDb.db, {
      symbol: 'ETHUSDT',
      interval: '1h',
      before,
      limit: 100,
    });
    expect(page.candles).toHaveLength(30);
    expect(page.candles[0]!.openTime).toBe(listing);
    expect(page.hasMore).toBe(false);

    calls.length = 0;
    const again = await history.page(testDb.db, {
      symbol: 'ETHUSDT',
      interval: '1h',
      before,
      limit: 100,
    });
    expect(again.hasMore).toBe(false);
    expect(calls).toHaveLength(0);
  });

  it('with the exchange down serves the newest unbroken run on the first page and fails older pages', async () => {
    const now = sim.now();
    const forming = barOpenTime(now, '1m');
    const truth = await exchangeBars('BTCUSDT', '1m', forming, 200);
    // Stored: an old run, then a hole, then the newest 80 bars (the top itself is not stored).
    await upsertCandles(testDb.db, [...truth.slice(0, 100), ...truth.slice(110, 190)]);
    const down: CandleHistoryOptions['exchange'] = {
      klines: async () => {
        throw new BinanceUnavailableError('GET /api/v3/klines failed: HTTP 503', 503);
      },
    };
    const history = new CandleHistory({ exchange: down, logger: silent, now: () => now });

    const first = await history.page(testDb.db, { symbol: 'BTCUSDT', interval: '1m', limit: 150 });
    expect(values(first.candles)).toEqual(values(truth.slice(110, 190)));
    expect(first.hasMore).toBe(true);

    await expect(
      history.page(testDb.db, {
        symbol: 'BTCUSDT',
        interval: '1m',
        before: truth[110]!.openTime,
        limit: 50,
      }),
    ).rejects.toBeInstanceOf(BinanceUnavailableError);
  });

  it('shares one walk between identical concurrent requests', async () => {
    const before = pastBoundary('1m');
    const history = new CandleHistory({ exchange, logger: silent });
    const query = { symbol: 'BTCUSDT', interval: '1m' as const, before, limit: 10 };
    const [a, b] = await Promise.all([
      history.page(testDb.db, query),
      history.page(testDb.db, query),
    ]);
    expect(a).toBe(b);
    expect(calls).toHaveLength(1);
  });
});
