// MarketSync against the exchange-sim's REST API on a hand-driven clock and a real Postgres; live
// updates are pushed by the test (built from the sim's replay), so every interleaving is exact.
import type { Candle } from '@coinview/core/candle';
import { barOpenTime } from '@coinview/core/interval';
import { listCandles } from '@coinview/db/candles';
import { type TestDatabase, createTestDatabase } from '@coinview/db/testing';
import { BinanceRestClient } from '@coinview/exchange/rest';
import { type ExchangeSim, startExchangeSim } from '@coinview/exchange-sim/server';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { until } from '../../test/fake-exchange';
import { PgCandleStore } from '../adapters/candle-store';
import { type KlineRest, type LiveUpdate, MarketSync, type MarketSyncDeps } from './market-sync';

const silent = pino({ level: 'silent' });
const MIN = 60_000;
const T = (hh: number, mm: number, ss = 0, ms = 0) => Date.UTC(2025, 0, 6, hh, mm, ss, ms);

let now = T(12, 0, 30);
let sim: ExchangeSim;
let database: TestDatabase;
let store: PgCandleStore;
let rest: BinanceRestClient;
const syncs: MarketSync[] = [];

beforeAll(async () => {
  [sim, database] = await Promise.all([
    startExchangeSim({
      clock: { now: () => now },
      tickMs: 60_000,
      symbols: ['BTCUSDT'],
      logger: silent,
    }),
    createTestDatabase(),
  ]);
  store = new PgCandleStore(database.db);
  rest = new BinanceRestClient({ baseUrl: sim.restUrl });
});

afterAll(async () => {
  await sim?.stop();
  await database?.cleanup();
});

afterEach(async () => {
  await Promise.all(syncs.splice(0).map((s) => s.dispose()));
});

beforeEach(async () => {
  now = T(12, 0, 30);
  await database.db.$executeRaw`DELETE FROM "Candle"`;
});

// The sim's candles may be of its 1s interval too; these are 1m ones.
const bar = (openTime: number, at = now): Candle => ({
  ...sim.replay.bar('BTCUSDT', '1m', openTime, at).candle,
  interval: '1m',
});
const update = (openTime: number, at = now): LiveUpdate => ({
  candle: bar(openTime, at),
  eventTime: at,
});
const stored = () => listCandles(database.db, { symbol: 'BTCUSDT', interval: '1m', limit: 10_000 });

interface Published {
  candle: Candle;
  /** Whether a closed candle was already in the table when it was announced. */
  storedFirst?: boolean;
}

function market(overrides: Partial<MarketSyncDeps> = {}) {
  const published: Published[] = [];
  const publisher = {
    async publish(_topic: string, payload: unknown) {
      const candle = payload as Candle;
      const entry: Published = { candle };
      published.push(entry);
      if (candle.closed)
        entry.storedFirst = (await stored()).some((c) => c.openTime === candle.openTime);
    },
  };
  const sync = new MarketSync('BTCUSDT', '1m', {
    store,
    rest,
    publisher,
    logger: silent,
    initialBars: 5,
    maxBackfillBars: 1_000,
    retry: { minMs: 5, maxMs: 20 },
    maxBuffered: 1_000,
    signal: new AbortController().signal,
    ...overrides,
  });
  syncs.push(sync);
  return { sync, published };
}

/** REST whose server-time call waits until `release()`: a backfill held open on purpose. */
function gatedRest(): { rest: KlineRest; release(): void; calls: { startTime?: number }[] } {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const calls: { startTime?: number }[] = [];
  return {
    release,
    calls,
    rest: {
      serverTime: async (options) => {
        await gate;
        return rest.serverTime(options);
      },
      klines: (symbol, interval, options) => {
        calls.push({ startTime: options?.startTime });
        return rest.klines(symbol, interval, options);
      },
    },
  };
}

const describeCandle = (c: Candle) =>
  `${new Date(c.openTime).toISOString().slice(11, 16)} ${c.closed ? 'closed' : 'forming'}`;

describe('MarketSync', () => {
  it('buffers live updates while it backfills, stores first, then releases them in order', async () => {
    const gated = gatedRest();
    const { sync, published } = market({ rest: gated.rest });
    sync.push(update(T(12, 0)));
    sync.connect();
    now = T(12, 0, 50);
    sync.push(update(T(12, 0)));
    now = T(12, 1, 0, 500);
    sync.push(update(T(12, 0))); // the close
    sync.push(update(T(12, 1)));
    await new Promise((r) => setTimeout(r, 50));
    expect(published).toEqual([]);
    expect(sync.live).toBe(false);

    gated.release();
    await until(() => sync.live);
    // Five closed bars before the exchange's forming one (12:01), exactly as the exchange serves them.
    const rows = await stored();
    expect(rows.map((c) => c.openTime)).toEqual([
      T(11, 56),
      T(11, 57),
      T(11, 58),
      T(11, 59),
      T(12, 0),
    ]);
    for (const row of rows) expect(row).toEqual(bar(row.openTime));
    // The superseded forming updates of 12:00 are skipped; the close and the new bar go out.
    expect(published.map((p) => describeCandle(p.candle))).toEqual([
      '12:00 closed',
      '12:01 forming',
    ]);
    expect(published[0]!.candle).toEqual(bar(T(12, 0)));
    expect(published.every((p) => p.storedFirst !== false)).toBe(true);
    expect(sync.storedThrough).toBe(T(12, 0));
  });

  it('stores each close once and drops duplicate, stale and out-of-order updates', async () => {
    now = T(12, 1, 0, 500);
    const { sync, published } = market();
    sync.connect();
    await until(() => sync.live);
    let applied = sync.stats.applied;
    const feed = async (u: LiveUpdate) => {
      sync.push(u);
      await until(() => sync.stats.applied === applied + 1);
      applied++;
    };
    const at = (s: number) => T(12, 1, s);
    await feed(update(T(12, 0), T(12, 0, 40))); // a forming update of a bar the backfill stored closed
    now = at(10);
    const f10 = update(T(12, 1));
    await feed(f10);
    now = at(20);
    await feed(update(T(12, 1)));
    await feed(f10); // stale: older event time than the last published one
    await feed(update(T(12, 1))); // duplicate
    now = T(12, 2, 0, 100);
    const close = update(T(12, 1));
    await feed(close);
    await feed(update(T(12, 1), at(50))); // a forming update arriving after the close
    await feed(close); // the close again (e.g. from a replacement connection)
    await feed(update(T(12, 2)));
    await feed(update(T(12, 0), T(12, 1))); // a very late close of an old bar
    expect(published.map((p) => [describeCandle(p.candle), p.candle.close])).toEqual([
      ['12:01 forming', bar(T(12, 1), at(10)).close],
      ['12:01 forming', bar(T(12, 1), at(20)).close],
      ['12:01 closed', bar(T(12, 1)).close],
      ['12:02 forming', bar(T(12, 2)).close],
    ]);
    expect(sync.stats).toMatchObject({ stored: 1, stale: 6 });
    expect((await stored()).map((c) => c.openTime).at(-1)).toBe(T(12, 1));
    expect(published.every((p) => p.storedFirst !== false)).toBe(true);
  });

  it('backfills a close the stream skipped before going on', async () => {
    now = T(12, 1, 0, 500);
    const { sync, published } = market();
    sync.connect();
    await until(() => sync.live);
    now = T(12, 1, 30);
    sync.push(update(T(12, 1)));
    await until(() => published.length === 1);
    // The close of 12:01 never comes; the close of 12:02 and the forming 12:03 do.
    now = T(12, 3, 0, 200);
    sync.push(update(T(12, 2)));
    sync.push(update(T(12, 3)));
    await until(() => sync.storedThrough === T(12, 2) && sync.live, 2_000);
    const rows = await stored();
    expect(rows.map((c) => c.openTime)).toEqual([
      T(11, 56),
      T(11, 57),
      T(11, 58),
      T(11, 59),
      T(12, 0),
      T(12, 1),
      T(12, 2),
    ]);
    for (const row of rows) expect(row).toEqual(bar(row.openTime));
    expect(sync.stats.syncs).toBe(2);
    // The missing close and the one after it are announced (stored first) before the next bar.
    expect(published.map((p) => describeCandle(p.candle))).toEqual([
      '12:01 forming',
      '12:01 closed',
      '12:02 closed',
      '12:03 forming',
    ]);
    expect(published.every((p) => p.storedFirst !== false)).toBe(true);
    expect(published.at(-1)!.candle).toEqual(bar(T(12, 3)));
  });

  it('resumes from the newest stored candle after a restart, within the backfill limit', async () => {
    await store.upsert([T(11, 40), T(11, 41), T(11, 42)].map((t) => bar(t)));
    now = T(12, 1, 0, 500);
    const gated = gatedRest();
    gated.release();
    const { sync } = market({ rest: gated.rest, initialBars: 2 });
    sync.connect();
    await until(() => sync.live);
    expect(gated.calls[0]!.startTime).toBe(T(11, 43));
    const rows = await stored();
    expect(rows.map((c) => c.openTime)).toEqual(
      Array.from({ length: 21 }, (_, i) => T(11, 40) + i * MIN),
    );

    // A gap longer than maxBackfillBars: only the newest bars are fetched.
    now = T(13, 0, 0, 500);
    const capped = market({ maxBackfillBars: 10 });
    capped.sync.connect();
    await until(() => capped.sync.live);
    const after = await stored();
    expect(after.filter((c) => c.openTime > T(12, 0)).map((c) => c.openTime)).toEqual(
      Array.from({ length: 10 }, (_, i) => T(12, 50) + i * MIN),
    );
  });

  it('keeps buffering through REST failures and disconnects, and loses nothing', async () => {
    let failures = 3;
    const flaky: KlineRest = {
      serverTime: async (options) => {
        if (failures-- > 0) throw Object.assign(new Error('HTTP 503'), { status: 503 });
        return rest.serverTime(options);
      },
      klines: (symbol, interval, options) => rest.klines(symbol, interval, options),
    };
    const { sync, published } = market({ rest: flaky });
    sync.connect();
    now = T(12, 0, 45);
    sync.push(update(T(12, 0)));
    await until(() => sync.live, 2_000);
    expect(published.map((p) => describeCandle(p.candle))).toEqual(['12:00 forming']);

    // The stream drops; updates from the old connection stay buffered until the next sync is done.
    sync.disconnect();
    now = T(12, 2, 10);
    sync.push(update(T(12, 1), T(12, 2, 0, 5)));
    await new Promise((r) => setTimeout(r, 30));
    expect(published).toHaveLength(1);
    sync.connect();
    await until(() => sync.live);
    const rows = await stored();
    expect(rows.map((c) => c.openTime).slice(-3)).toEqual([T(11, 59), T(12, 0), T(12, 1)]);
    // After the gap the bars it covered are announced, then the live state resumes.
    expect(published.map((p) => describeCandle(p.candle))).toEqual([
      '12:00 forming',
      '12:00 closed',
      '12:01 closed',
    ]);
    expect(published.every((p) => p.storedFirst !== false)).toBe(true);
  });
});

// Sanity of the helpers: the sim clock follows `now`.
it('serves the hand-driven time', async () => {
  now = T(12, 0, 30);
  expect(barOpenTime(await rest.serverTime(), '1m')).toBe(T(12, 0));
});
