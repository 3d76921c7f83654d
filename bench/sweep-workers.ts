// Issue 11 benchmark (2), across processes: the 792-combination RSI sweep of bench/sweep.ts over
// 100,000 stored 1m bars, run as the product runs it — a sweep run in Postgres split into
// `run-sweep-part` jobs of 25 combinations, taken by one or by two worker processes (the worker's
// backtest runner only: apps/worker/src/services/backtest/backtest-worker.fixture.ts; the engine in
// its thread pool, bars loaded from Postgres once per process). Timed from the run's creation to
// its `done` (ranking, heatmap and walk-forward included), against the same sweep run in this
// process on one core (runSweepSlice over bars already in memory), in the same run, rounds
// interleaved (1 process, 2 processes, in-process), the order alternating.
//
//   pnpm --filter @coinview/bench exec tsx sweep-workers.ts [--rounds 3]
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { prepareBacktest } from '@coinview/core/backtest/columns';
import { strategySchema } from '@coinview/core/backtest/strategy';
import { parseSweep, runSweepSlice, sweepSize } from '@coinview/core/backtest/sweep';
import { createBacktestRun } from '@coinview/db/backtests';
import { copyCandles } from '@coinview/db/candles-bulk';
import { createDb } from '@coinview/db/client';
import { allowTraversal, startEmbeddedPostgres } from '@coinview/db/embedded';
import { migrate } from '@coinview/db/migrate';
import { benchBars, storedCandles } from './backtest-bars';
import { RSI_LEVELS, RSI_SWEEP } from './sweep-config';

const { values: args } = parseArgs({
  options: {
    bars: { type: 'string', default: '100000' },
    rounds: { type: 'string', default: '3' },
    'part-size': { type: 'string', default: '25' },
  },
});
const ROUNDS = Number(args.rounds);
const WORKER_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../apps/worker');

function startWorker(databaseUrl: string): { child: ChildProcess; ready: Promise<void> } {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/services/backtest/backtest-worker.fixture.ts',
      JSON.stringify({
        databaseUrl,
        // Every bar is stored: nothing is downloaded (a request would fail, and show).
        restUrl: 'http://127.0.0.1:9',
        partSize: Number(args['part-size']),
        beatMs: 1000,
        staleMs: 30_000,
      }),
    ],
    {
      cwd: WORKER_DIR,
      env: { ...process.env, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const ready = new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (/ready \S+/.test(out)) resolve();
    });
    child.on('exit', (code: number | null) => reject(new Error(`worker exited (${code})`)));
  });
  return { child, ready };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

async function main(): Promise<void> {
  const bars = await benchBars(Number(args.bars));
  const sweep = parseSweep(RSI_SWEEP, RSI_LEVELS);
  const size = sweepSize(sweep);
  const dir = await mkdtemp(path.join(tmpdir(), 'coinview-bench-sweep-'));
  await allowTraversal(dir);
  const server = await startEmbeddedPostgres({
    dataDir: dir,
    port: 55_000 + Math.floor(Math.random() * 5000),
    database: 'bench',
  });
  const db = createDb(server.url);
  try {
    await migrate(server.url);
    await copyCandles(server.url, storedCandles(bars));
    const user = await db.user.create({ data: { email: 'bench@example.test', name: 'Bench' } });
    console.log(
      `node ${process.version}, ${cpus().length} cores; ${bars.length.toLocaleString('en-US')} BTCUSDT 1m bars stored; ${size} combinations in parts of ${args['part-size']}; load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );

    const viaWorkers = async (processes: number): Promise<number> => {
      const workers = Array.from({ length: processes }, () => startWorker(server.url));
      try {
        await Promise.all(workers.map((w) => w.ready));
        const t0 = performance.now();
        const { id } = await createBacktestRun(db, user.id, {
          name: `bench ${processes}`,
          kind: 'sweep',
          symbol: 'BTCUSDT',
          interval: '1m',
          from: bars[0]!.time * 1000,
          to: bars.at(-1)!.time * 1000,
          strategy: strategySchema.parse(RSI_LEVELS),
          sweep,
        });
        for (;;) {
          const run = await db.backtestRun.findUniqueOrThrow({ where: { id } });
          if (run.status === 'done') break;
          if (run.status === 'failed' || run.status === 'cancelled')
            throw new Error(`sweep ${run.status}: ${run.error}`);
          await new Promise((r) => setTimeout(r, 50));
        }
        const seconds = (performance.now() - t0) / 1000;
        await db.backtestRun.delete({ where: { id } });
        return size / seconds;
      } finally {
        for (const w of workers) w.child.kill('SIGTERM');
        await Promise.all(
          workers.map(
            (w) =>
              new Promise((r) => (w.child.exitCode !== null ? r(null) : w.child.on('exit', r))),
          ),
        );
      }
    };
    const inProcess = () => {
      const t0 = performance.now();
      runSweepSlice(prepareBacktest(bars), RSI_LEVELS, sweep, 0, size);
      return size / ((performance.now() - t0) / 1000);
    };

    const rate = { one: [] as number[], two: [] as number[], core: [] as number[] };
    for (let r = 0; r < ROUNDS; r++) {
      const order: (keyof typeof rate)[] =
        r % 2 === 0 ? ['one', 'two', 'core'] : ['core', 'two', 'one'];
      for (const name of order)
        rate[name].push(name === 'core' ? inProcess() : await viaWorkers(name === 'one' ? 1 : 2));
    }
    const line = (name: string, xs: number[]) =>
      console.log(
        `${name.padEnd(52)} ${median(xs).toFixed(1).padStart(8)} combinations/s  (${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)}, n=${xs.length})  ${(median(xs) / median(rate.core)).toFixed(2)}× in-process`,
      );
    line('in-process runSweepSlice, one core (bars in memory)', rate.core);
    line('1 worker process (queue jobs, bars from Postgres)', rate.one);
    line('2 worker processes sharing the sweep', rate.two);
  } finally {
    await db.$disconnect();
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
