// run-backtest on a real Postgres, the real queue runner and the exchange-sim's REST klines: a run
// goes queued → downloading ("Downloading history n/m", the missing bars stored) → running → done
// with the stored result equal to core's runBacktest on the same candles, its events on the
// user's topic; a run cancelled while it works stops (nothing more downloaded, no result); a run
// with no history fails with a sentence; a cancelled queued run never starts.
import { runBacktest } from '@coinview/core/backtest/engine';
import { computeMetrics } from '@coinview/core/backtest/metrics';
import { storedSummary, toStoredResult } from '@coinview/core/backtest/stored';
import { type Strategy, strategySchema } from '@coinview/core/backtest/strategy';
import { barOpenTime } from '@coinview/core/interval';
import { createBacktestRun, cancelBacktestRun } from '@coinview/db/backtests';
import { PgBus } from '@coinview/db/bus';
import { backtestTopic, type BacktestEvent } from '@coinview/db/bus-topics';
import { chartBarsPage } from '@coinview/db/candle-range';
import { type TestDatabase, createTestDatabase } from '@coinview/db/testing';
import { BinanceRestClient } from '@coinview/exchange/rest';
import { type ExchangeSim, startExchangeSim } from '@coinview/exchange-sim/server';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgCandleStore } from '../../adapters/candle-store';
import { type Backtests, startBacktests } from './start-backtests';

const MIN = 60_000;
const silent = pino({ level: 'silent' });

let database: TestDatabase;
let sim: ExchangeSim;
let bus: PgBus;
let listener: PgBus;
let backtests: Backtests;
let userId: string;
const events: BacktestEvent[] = [];

const strategy = (over: Record<string, unknown> = {}): Strategy =>
  strategySchema.parse({
    symbol: 'BTCUSDT',
    interval: '1m',
    entry: {
      op: 'less-than',
      left: { kind: 'indicator', id: 'rsi', params: { period: 14 } },
      right: { kind: 'value', value: 40 },
    },
    exit: {
      op: 'greater-than',
      left: { kind: 'indicator', id: 'rsi', params: { period: 14 } },
      right: { kind: 'value', value: 60 },
    },
    ...over,
  });

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out; last: ${JSON.stringify(v).slice(0, 300)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const row = (id: string) => database.db.backtestRun.findUniqueOrThrow({ where: { id } });

beforeAll(async () => {
  [database, sim] = await Promise.all([
    createTestDatabase(),
    startExchangeSim({ symbols: ['BTCUSDT'], logger: silent }),
  ]);
  bus = new PgBus(database.url);
  listener = new PgBus(database.url);
  userId = (await database.db.user.create({ data: { email: 'a@example.com' } })).id;
  await listener.subscribe(backtestTopic(userId), (e) => void events.push(e as BacktestEvent));
  backtests = await startBacktests({
    connectionString: database.url,
    db: database.db,
    bus,
    store: new PgCandleStore(database.db),
    rest: new BinanceRestClient({ baseUrl: sim.restUrl }),
    logger: silent,
    pollInterval: 100,
  });
});

afterAll(async () => {
  await backtests?.stop();
  await bus?.close();
  await listener?.close();
  await sim?.stop();
  await database?.cleanup();
});

describe('run-backtest', () => {
  it('downloads the missing history, runs, and stores what core computes', async () => {
    // 2,500 1m bars a day ago: [from, to] holds 2,501 bars, three pages of 1000.
    const to = barOpenTime(sim.now() - 24 * 60 * MIN, '1m');
    const from = to - 2500 * MIN;
    const s = strategy();
    const { id } = await createBacktestRun(database.db, userId, {
      name: 'one',
      kind: 'single',
      symbol: 'BTCUSDT',
      interval: '1m',
      from,
      to,
      strategy: s,
    });
    const done = await until(
      () => row(id),
      (r) => r.status === 'done' || r.status === 'failed',
    );
    expect(done).toMatchObject({ status: 'done', progress: 1, stage: null, error: null });
    expect(done.startedAt).not.toBeNull();
    expect(done.finishedAt).not.toBeNull();

    const bars = await chartBarsPage(database.db, {
      symbol: 'BTCUSDT',
      interval: '1m',
      after: from - 1,
      to,
      limit: 10_000,
    });
    expect(bars).toHaveLength(2501);
    const result = runBacktest(bars, s);
    const stored = toStoredResult(result, computeMetrics(result, '1m'));
    expect(done.result).toEqual(JSON.parse(JSON.stringify(stored)));
    expect(done.summary).toEqual(JSON.parse(JSON.stringify(storedSummary(stored))));

    await until(
      async () => events.filter((e) => e.id === id).at(-1),
      (e) => e?.status === 'done',
    );
    const mine = events.filter((e) => e.id === id);
    expect(mine.map((e) => e.stage)).toEqual(
      expect.arrayContaining([
        'Downloading history 0/3',
        'Downloading history 3/3',
        'Running backtest',
      ]),
    );
    expect(mine[0]?.status).toBe('downloading');
    expect(mine.at(-1)).toEqual({ id, status: 'done', progress: 1, stage: null });
  });

  it('stops a run cancelled while it downloads: no more pages, no result', async () => {
    // 200,000 bars: 200 pages, far more than the sim serves before the cancel.
    const to = barOpenTime(sim.now() - 400 * 24 * 60 * MIN, '1m');
    const from = to - 200_000 * MIN;
    const { id } = await createBacktestRun(database.db, userId, {
      name: 'long',
      kind: 'single',
      symbol: 'BTCUSDT',
      interval: '1m',
      from,
      to,
      strategy: strategy(),
    });
    await until(
      () => row(id),
      (r) => /^Downloading history [1-9]\d*\//.test(r.stage ?? ''),
    );
    await cancelBacktestRun(database.db, userId, id);
    const count = () =>
      database.db.candle.count({
        where: { symbol: 'BTCUSDT', interval: '1m', openTime: { gte: new Date(from) } },
      });
    // Within about a second the job notices and stops asking for pages.
    await new Promise((r) => setTimeout(r, 1500));
    const after = await count();
    await new Promise((r) => setTimeout(r, 1000));
    expect(await count()).toBe(after);
    expect(after).toBeLessThan(200_000);
    const cancelled = await row(id);
    expect(cancelled).toMatchObject({ status: 'cancelled', result: null });
  });

  it('fails a run that has no history with a sentence', async () => {
    // Bars that have not happened yet: nothing to download, nothing stored.
    const from = barOpenTime(sim.now() + 24 * 60 * MIN, '1m');
    const { id } = await createBacktestRun(database.db, userId, {
      name: 'future',
      kind: 'single',
      symbol: 'BTCUSDT',
      interval: '1m',
      from,
      to: from + 100 * MIN,
      strategy: strategy(),
    });
    const failed = await until(
      () => row(id),
      (r) => r.status === 'failed' || r.status === 'done',
    );
    expect(failed.status).toBe('failed');
    expect(failed.error).toBe(
      `No BTCUSDT 1m history between ${new Date(from).toISOString()} and ${new Date(from + 100 * MIN).toISOString()}.`,
    );
    // The event travels through Postgres NOTIFY: it may land just after the row is read.
    await until(
      async () => events.filter((e) => e.id === id).at(-1),
      (e) => e?.status === 'failed',
    );
  });

  it('never starts a run cancelled while queued', async () => {
    await backtests.stop();
    const to = barOpenTime(sim.now() - 24 * 60 * MIN, '1m');
    const { id } = await createBacktestRun(database.db, userId, {
      name: 'never',
      kind: 'single',
      symbol: 'BTCUSDT',
      interval: '1m',
      from: to - 10 * MIN,
      to,
      strategy: strategy(),
    });
    await cancelBacktestRun(database.db, userId, id);
    // A job that stayed in the queue anyway (removed above; added back to prove the task checks).
    await database.db.$executeRawUnsafe(
      `SELECT graphile_worker.add_job('run-backtest', json_build_object('runId', $1::text))`,
      id,
    );
    backtests = await startBacktests({
      connectionString: database.url,
      db: database.db,
      bus,
      store: new PgCandleStore(database.db),
      rest: new BinanceRestClient({ baseUrl: sim.restUrl }),
      logger: silent,
      pollInterval: 100,
    });
    await until(
      () =>
        database.db.$queryRawUnsafe<{ n: bigint }[]>(
          `select count(*) as n from graphile_worker._private_jobs`,
        ),
      (rows) => Number(rows[0]!.n) === 0,
    );
    expect(await row(id)).toMatchObject({ status: 'cancelled', startedAt: null, result: null });
  });
});
