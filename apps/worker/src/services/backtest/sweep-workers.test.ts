// Two worker processes share one sweep over the real queue; one is SIGKILLed while it holds a
// part (no graceful release, its job stays locked as graphile-worker would keep it for 4 hours).
// The survivor's reaper sees the dead worker's heartbeat go stale, unlocks the part, runs it, and
// the sweep completes with every part stored once and the stored ranking equal to core's over
// every combination. Likewise a single run whose worker is killed mid-run is retried by the
// survivor and ends done once, with the result core computes.
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StoredSweep } from '@coinview/core/backtest/stored';
import { runBacktest } from '@coinview/core/backtest/engine';
import { computeMetrics } from '@coinview/core/backtest/metrics';
import { toStoredResult } from '@coinview/core/backtest/stored';
import { type Strategy, strategySchema } from '@coinview/core/backtest/strategy';
import { rankSweep, runSweepSlice, sweepSchema } from '@coinview/core/backtest/sweep';
import { barOpenTime } from '@coinview/core/interval';
import { createBacktestRun } from '@coinview/db/backtests';
import { chartBarsPage } from '@coinview/db/candle-range';
import { type TestDatabase, createTestDatabase } from '@coinview/db/testing';
import { type ExchangeSim, startExchangeSim } from '@coinview/exchange-sim/server';
import { pino } from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';

const WORKER_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const MIN = 60_000;

let database: TestDatabase;
let sim: ExchangeSim;
const children: ChildProcess[] = [];

interface Child {
  process: ChildProcess;
  workerIds: Promise<string[]>;
}

function startChild(): Child {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/services/backtest/backtest-worker.fixture.ts',
      JSON.stringify({
        databaseUrl: database.url,
        restUrl: sim.restUrl,
        partSize: 10,
        beatMs: 300,
        staleMs: 2000,
      }),
    ],
    {
      cwd: WORKER_DIR,
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  children.push(child);
  const workerIds = new Promise<string[]>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /ready (\S+)/.exec(out);
      if (m) resolve(m[1]!.split(','));
    });
    child.on('exit', (code) => reject(new Error(`worker exited (${code})`)));
  });
  return { process: child, workerIds };
}

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 90_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out; last: ${JSON.stringify(v).slice(0, 300)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  [database, sim] = await Promise.all([
    createTestDatabase(),
    startExchangeSim({ symbols: ['BTCUSDT'], logger: pino({ level: 'silent' }) }),
  ]);
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await sim?.stop();
  await database?.cleanup();
});

async function lockedBy(task: string, ids: string[]): Promise<{ key: string }[]> {
  return database.db.$queryRawUnsafe<{ key: string }[]>(
    `select j.key from graphile_worker._private_jobs j
       join graphile_worker._private_tasks t on t.id = j.task_id
      where t.identifier = $1 and j.locked_by = any($2::text[])`,
    task,
    ids,
  );
}

it('completes a sweep with every part once when a worker is killed holding a part', async () => {
  const [a, b] = [startChild(), startChild()];
  const aIds = await a.workerIds;
  await b.workerIds;
  const userId = (await database.db.user.create({ data: { email: 'a@example.com' } })).id;
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
  // 20 periods × 6 levels = 120 combinations: 12 parts of 10.
  const sweep = sweepSchema.parse({
    parameters: [
      { path: 'entry.left.params.period', from: 5, to: 24, step: 1 },
      { path: 'entry.right.value', values: [20, 25, 30, 35, 40, 45] },
    ],
    metric: 'netReturn',
  });
  const to = barOpenTime(sim.now() - 24 * 60 * MIN, '1m');
  const from = to - 60_000 * MIN;
  const { id } = await createBacktestRun(database.db, userId, {
    name: 'sweep',
    kind: 'sweep',
    symbol: 'BTCUSDT',
    interval: '1m',
    from,
    to,
    strategy,
    sweep,
  });

  // Kill A (SIGKILL: no release) while one of its queue workers holds a part.
  const held = await until(
    () =>
      database.db.$queryRawUnsafe<{ key: string; locked_by: string }[]>(
        `select j.key, j.locked_by from graphile_worker._private_jobs j
           join graphile_worker._private_tasks t on t.id = j.task_id
          where t.identifier = 'run-sweep-part' and j.locked_by = any($1::text[])`,
        aIds,
      ),
    (rows) => rows.length > 0,
  );
  a.process.kill('SIGKILL');
  const heldKey = held[0]!.key;

  const run = await until(
    () => database.db.backtestRun.findUniqueOrThrow({ where: { id } }),
    (r) => r.status === 'done' || r.status === 'failed',
  );
  expect(run).toMatchObject({ status: 'done', progress: 1, error: null, partsTotal: 12 });
  // The part A held was done by B, and no job is left.
  const parts = await database.db.backtestSweepPart.findMany({
    where: { runId: id },
    orderBy: { part: 'asc' },
  });
  expect(parts.map((p) => [p.part, p.status])).toEqual(
    Array.from({ length: 12 }, (_, i) => [i, 'done']),
  );
  expect(heldKey).toMatch(new RegExp(`^backtest:${id}:\\d+$`));
  const left = await database.db.$queryRawUnsafe<{ n: bigint }[]>(
    `select count(*) as n from graphile_worker._private_jobs`,
  );
  expect(Number(left[0]!.n)).toBe(0);
  // Every combination exactly once, ranked as core ranks the whole sweep run in one go.
  const rows = parts.flatMap((p) => p.rows as unknown as { index: number }[]);
  expect(rows.map((r) => r.index)).toEqual(Array.from({ length: 120 }, (_, i) => i));
  const bars = await chartBarsPage(database.db, {
    symbol: 'BTCUSDT',
    interval: '1m',
    after: from - 1,
    to,
    limit: 100_000,
  });
  const expected = rankSweep(runSweepSlice(bars, strategy, sweep, 0, 120), 'netReturn');
  const stored = run.result as unknown as StoredSweep;
  expect(stored.combinations).toBe(120);
  expect(stored.rows).toEqual(JSON.parse(JSON.stringify(expected)));
  expect(stored.heatmap?.cells).toHaveLength(20);
  // A's heartbeat rows were reaped; B's remain.
  const beats = await database.db.workerHeartbeat.findMany();
  expect(beats.some((h) => aIds.includes(h.workerId))).toBe(false);
  b.process.kill('SIGTERM');
}, 180_000);

it('retries a single run whose worker was killed mid-run; it ends done once', async () => {
  const [a, b] = [startChild(), startChild()];
  const aIds = await a.workerIds;
  const bIds = await b.workerIds;
  const userId = (await database.db.user.create({ data: { email: 'b@example.com' } })).id;
  const strategy: Strategy = strategySchema.parse({
    symbol: 'BTCUSDT',
    interval: '1m',
    entry: {
      op: 'crosses-above',
      left: { kind: 'indicator', id: 'sma', params: { period: 10 } },
      right: { kind: 'indicator', id: 'sma', params: { period: 30 } },
    },
    exit: {
      op: 'crosses-below',
      left: { kind: 'indicator', id: 'sma', params: { period: 10 } },
      right: { kind: 'indicator', id: 'sma', params: { period: 30 } },
    },
  });
  // Bars no earlier test stored: 40 pages to download, so A is killed while it works.
  const to = barOpenTime(sim.now() - 200 * 24 * 60 * MIN, '1m');
  const from = to - 40_000 * MIN;
  const { id } = await createBacktestRun(database.db, userId, {
    name: 'single',
    kind: 'single',
    symbol: 'BTCUSDT',
    interval: '1m',
    from,
    to,
    strategy,
  });
  // Whoever took it: kill that one, mid-download.
  const holder = await until(
    async () => ({
      a: (await lockedBy('run-backtest', aIds)).length > 0,
      b: (await lockedBy('run-backtest', bIds)).length > 0,
      row: await database.db.backtestRun.findUniqueOrThrow({ where: { id } }),
    }),
    (s) => (s.a || s.b) && /^Downloading history [1-9]/.test(s.row.stage ?? ''),
  );
  (holder.a ? a : b).process.kill('SIGKILL');
  const survivor = holder.a ? b : a;

  const run = await until(
    () => database.db.backtestRun.findUniqueOrThrow({ where: { id } }),
    (r) => r.status === 'done' || r.status === 'failed',
  );
  expect(run).toMatchObject({ status: 'done', progress: 1, error: null });
  const bars = await chartBarsPage(database.db, {
    symbol: 'BTCUSDT',
    interval: '1m',
    after: from - 1,
    to,
    limit: 100_000,
  });
  expect(bars).toHaveLength(40_001);
  const result = runBacktest(bars, strategy);
  expect(run.result).toEqual(
    JSON.parse(JSON.stringify(toStoredResult(result, computeMetrics(result, '1m')))),
  );
  const left = await database.db.$queryRawUnsafe<{ n: bigint }[]>(
    `select count(*) as n from graphile_worker._private_jobs`,
  );
  expect(Number(left[0]!.n)).toBe(0);
  survivor.process.kill('SIGTERM');
}, 180_000);
