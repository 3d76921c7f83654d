// Runs the backtest jobs (run-backtest, run-sweep, run-sweep-part) on graphile-worker with their
// own runner, so a long backtest never holds a slot of the order or alert queues; the engine work
// happens in a pool of threads. The runner's queue workers beat (./worker-liveness.ts), and a
// worker process that died has its parts unlocked by the others. On stop, running jobs are
// aborted after `abortAfterMs` (their threads terminated) and retried later by any worker.
import { EventEmitter } from 'node:events';
import type { EventPublisher } from '@coinview/core/ports';
import { QUEUE_SCHEMA } from '@coinview/db/alert-queue';
import {
  RUN_BACKTEST_TASK,
  RUN_SWEEP_PART_TASK,
  RUN_SWEEP_TASK,
} from '@coinview/db/backtest-queue';
import type { Db } from '@coinview/db/client';
import type { BinanceRestClient } from '@coinview/exchange/rest';
import { Logger as QueueLogger, run, type WorkerEvents } from 'graphile-worker';
import type { Logger } from 'pino';
import type { CandleStore } from '../../adapters/candle-store';
import { BacktestPool } from './backtest-pool';
import { createRunBacktestTask } from './run-backtest';
import { RunColumnsCache, createRunSweepPartTask, createRunSweepTask } from './run-sweep';
import { WorkerLiveness } from './worker-liveness';

export interface BacktestsOptions {
  connectionString: string;
  db: Db;
  bus: EventPublisher;
  store: CandleStore;
  rest: Pick<BinanceRestClient, 'klines'>;
  logger: Logger;
  /** Backtest jobs at once in this process (default 1); engine threads as many. */
  concurrency?: number;
  pollInterval?: number;
  beatMs?: number;
  staleMs?: number;
  partSize?: number;
  /** After a stop is asked, running jobs are aborted after this long (default 2 s). */
  abortAfterMs?: number;
}

export interface Backtests {
  workerIds(): string[];
  stop(): Promise<void>;
}

function queueLogger(logger: Logger): QueueLogger {
  return new QueueLogger(() => (level, message, meta) => {
    const severity: string = level;
    if (severity === 'error') logger.error({ queue: meta }, message);
    else if (severity === 'warning') logger.warn({ queue: meta }, message);
    else logger.debug({ queue: meta }, message);
  });
}

export async function startBacktests(opts: BacktestsOptions): Promise<Backtests> {
  const concurrency = opts.concurrency ?? 1;
  const pool = new BacktestPool({ threads: concurrency });
  const ids: string[] = [];
  const events: WorkerEvents = new EventEmitter();
  const liveness = new WorkerLiveness({
    db: opts.db,
    workerIds: () => ids,
    logger: opts.logger,
    beatMs: opts.beatMs,
    staleMs: opts.staleMs,
  });
  // A queue worker beats from its creation on, before it can take a job.
  events.on('worker:create', ({ worker }: { worker: { workerId: string } }) => {
    ids.push(worker.workerId);
    void liveness.tick();
  });
  const deps = {
    db: opts.db,
    bus: opts.bus,
    store: opts.store,
    rest: opts.rest,
    logger: opts.logger,
    pool,
    columns: new RunColumnsCache(),
    partSize: opts.partSize,
  };
  const runner = await run({
    connectionString: opts.connectionString,
    schema: QUEUE_SCHEMA,
    concurrency,
    pollInterval: opts.pollInterval,
    noHandleSignals: true,
    logger: queueLogger(opts.logger),
    events,
    gracefulShutdownAbortTimeout: opts.abortAfterMs ?? 2_000,
    taskList: {
      [RUN_BACKTEST_TASK]: createRunBacktestTask(deps),
      [RUN_SWEEP_TASK]: createRunSweepTask(deps),
      [RUN_SWEEP_PART_TASK]: createRunSweepPartTask(deps),
    },
  });
  await liveness.start();
  opts.logger.info({ concurrency, workers: ids }, 'backtests started');
  let stopped: Promise<void> | undefined;
  return {
    workerIds: () => [...ids],
    stop: () =>
      (stopped ??= (async () => {
        await runner.stop();
        await liveness.stop();
        await pool.close();
        opts.logger.info('backtests stopped');
      })()),
  };
}
