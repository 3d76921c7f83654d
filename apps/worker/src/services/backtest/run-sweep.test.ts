// A sweep with a walk-forward in one worker process: run-sweep downloads the history and splits
// the combinations into parts, the parts store their rows, the last one ranks them, builds the
// heatmap and runs the walk-forward, exactly as core computes them over the same candles. And a
// run's progress reaches the row and the bus at most ~4 times a second however often it is told.
import { type StoredSweep, toStoredSweep } from '@coinview/core/backtest/stored';
import { type Strategy, strategySchema } from '@coinview/core/backtest/strategy';
import { runSweepSlice, sweepSchema } from '@coinview/core/backtest/sweep';
import { runWalkForward, walkForwardSchema } from '@coinview/core/backtest/walk-forward';
import { barOpenTime } from '@coinview/core/interval';
import { createBacktestRun } from '@coinview/db/backtests';
import { PgBus } from '@coinview/db/bus';
import { backtestTopic, type BacktestEvent } from '@coinview/db/bus-topics';
import { chartBarsPage } from '@coinview/db/candle-range';
import { type TestDatabase, createTestDatabase } from '@coinview/db/testing';
import { BinanceRestClient } from '@coinview/exchange/rest';
import { type ExchangeSim, startExchangeSim } from '@coinview/exchange-sim/server';
import { pino } from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PgCandleStore } from '../../adapters/candle-store';
import { RunProgress } from './run-progress';
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

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out; last: ${JSON.stringify(v).slice(0, 300)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

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
    partSize: 5,
  });
});

afterAll(async () => {
  await backtests?.stop();
  await bus?.close();
  await listener?.close();
  await sim?.stop();
  await database?.cleanup();
});

it('runs a sweep in parts and stores the ranking, heatmap and walk-forward core computes', async () => {
  const strategy: Strategy = strategySchema.parse({
    symbol: 'BTCUSDT',
    interval: '1m',
    entry: {
      op: 'less-than',
      left: { kind: 'indicator', id: 'rsi', params: { period: 14 } },
      right: { kind: 'value', value: 30 },
    },
    exit: {
      op: 'greater-than',
      left: { kind: 'indicator', id: 'rsi', params: { period: 14 } },
      right: { kind: 'value', value: 70 },
    },
  });
  // 4 periods × 3 levels = 12 combinations: parts of 5, 5 and 2.
  const sweep = sweepSchema.parse({
    parameters: [
      { path: 'entry.left.params.period', values: [7, 10, 14, 21] },
      { path: 'exit.right.value', from: 60, to: 70, step: 5 },
    ],
    metric: 'sharpe',
  });
  const walkForward = walkForwardSchema.parse({ windows: 3, inSamplePct: 70 });
  const to = barOpenTime(sim.now() - 24 * 60 * MIN, '1m');
  const from = to - 3000 * MIN;
  const { id } = await createBacktestRun(database.db, userId, {
    name: 'sweep',
    kind: 'sweep',
    symbol: 'BTCUSDT',
    interval: '1m',
    from,
    to,
    strategy,
    sweep,
    walkForward,
  });
  const run = await until(
    () => database.db.backtestRun.findUniqueOrThrow({ where: { id } }),
    (r) => r.status === 'done' || r.status === 'failed',
  );
  expect(run).toMatchObject({ status: 'done', progress: 1, error: null, partsTotal: 3 });
  const parts = await database.db.backtestSweepPart.findMany({
    where: { runId: id },
    orderBy: { part: 'asc' },
  });
  expect(parts.map((p) => [p.fromIndex, p.toIndex, p.status])).toEqual([
    [0, 5, 'done'],
    [5, 10, 'done'],
    [10, 12, 'done'],
  ]);

  const bars = await chartBarsPage(database.db, {
    symbol: 'BTCUSDT',
    interval: '1m',
    after: from - 1,
    to,
    limit: 10_000,
  });
  expect(bars).toHaveLength(3001);
  const expected = toStoredSweep(
    runSweepSlice(bars, strategy, sweep, 0, 12),
    sweep,
    runWalkForward(bars, strategy, sweep, walkForward),
  );
  const stored = run.result as unknown as StoredSweep;
  expect(stored).toEqual(JSON.parse(JSON.stringify(expected)));
  expect(stored.walkForward?.windows).toHaveLength(3);
  // The list shows the best combination's numbers.
  const best = expected.rows[0]!.metrics!;
  expect(run.summary).toMatchObject({ netReturn: best.netReturn, trades: best.trades });

  await until(
    async () => events.filter((e) => e.id === id).at(-1),
    (e) => e?.status === 'done',
  );
  const stages = events.filter((e) => e.id === id).map((e) => e.stage);
  expect(stages).toEqual(expect.arrayContaining(['Downloading history 0/4', 'Walk-forward']));
  expect(events.filter((e) => e.id === id).at(-1)).toEqual({
    id,
    status: 'done',
    progress: 1,
    stage: null,
  });
});

it('records and publishes progress at most every 250 ms (a stage change always)', async () => {
  // No runner: the reporter below is the only thing touching the run.
  await backtests.stop();
  const { id } = await createBacktestRun(database.db, userId, {
    name: 'progress',
    kind: 'single',
    symbol: 'BTCUSDT',
    interval: '1m',
    from: barOpenTime(sim.now() + 48 * 60 * MIN, '1m'),
    to: barOpenTime(sim.now() + 49 * 60 * MIN, '1m'),
    strategy: strategySchema.parse({
      symbol: 'BTCUSDT',
      interval: '1m',
      entry: {
        op: 'greater-than',
        left: { kind: 'price', field: 'close' },
        right: { kind: 'value', value: 1 },
      },
      exit: {
        op: 'less-than',
        left: { kind: 'price', field: 'close' },
        right: { kind: 'value', value: 1 },
      },
    }),
  });
  const published: BacktestEvent[] = [];
  const progress = new RunProgress(
    {
      db: database.db,
      bus: { publish: async (_t, e) => void published.push(e as BacktestEvent) },
      logger: silent,
    },
    { id, userId },
  );
  try {
    // 200 reports within ~1 s: the first, then one per 250 ms; the stage change goes through.
    const started = Date.now();
    for (let i = 0; i < 200; i++) {
      await progress.report('running', i / 200, 'Running backtest');
      await new Promise((r) => setTimeout(r, 5));
    }
    const elapsed = Date.now() - started;
    await progress.report('running', 1, 'Finishing');
    const running = published.filter((e) => e.stage === 'Running backtest');
    expect(running.length).toBeLessThanOrEqual(Math.ceil(elapsed / 250) + 1);
    expect(running.length).toBeGreaterThanOrEqual(2);
    expect(published.at(-1)).toMatchObject({ stage: 'Finishing', progress: 1 });
    const row = await database.db.backtestRun.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: 'running', progress: 1, stage: 'Finishing' });
  } finally {
    progress.close();
  }
});
