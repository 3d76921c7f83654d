// The `run-backtest {runId}` job: a run that is not unfinished any more (cancelled while queued,
// deleted, already done by an earlier attempt) does nothing. Otherwise: missing history
// downloaded (status downloading, "Downloading history n/m"), candles loaded, the engine run in
// a thread with throttled progress, the stored result written once. A cancel aborts the thread
// within the poll interval. A failure of the inputs fails the run with its sentence; any other
// error is retried by graphile-worker and fails the run only on the last attempt.
import { loadBacktestJobRun, failBacktestRun, finishBacktestRun } from '@coinview/db/backtest-jobs';
import { parseBacktestPayload } from '@coinview/db/backtest-queue';
import { ACTIVE_BACKTEST_STATUSES } from '@coinview/db/backtests';
import type { JobHelpers, Task } from 'graphile-worker';
import type { BacktestPool } from './backtest-pool';
import {
  BacktestInputError,
  downloadRunHistory,
  loadRunColumns,
  type HistoryDeps,
} from './run-history';
import { RunProgress, type RunProgressDeps } from './run-progress';

export interface BacktestJobDeps extends HistoryDeps, RunProgressDeps {
  pool: BacktestPool;
}

/** Share of the progress bar: download, load, then the engine. */
const DOWNLOAD_SHARE = 0.3;
const LOAD_SHARE = 0.1;

export function isActive(status: string): boolean {
  return (ACTIVE_BACKTEST_STATUSES as readonly string[]).includes(status);
}

/**
 * Runs `body` with a RunProgress, and decides what an error means: cancelled → nothing; worker
 * stopping → retry; the inputs → failed; anything else → retry, failed on the last attempt.
 */
export async function withRunProgress(
  deps: BacktestJobDeps,
  run: { id: string; userId: string },
  helpers: JobHelpers,
  body: (progress: RunProgress) => Promise<void>,
): Promise<void> {
  const progress = new RunProgress(deps, run, helpers.abortSignal);
  try {
    await body(progress);
  } catch (err) {
    if (progress.cancelled) return;
    if (helpers.abortSignal?.aborted) throw err;
    const message = err instanceof Error ? err.message : String(err);
    const last = helpers.job.attempts >= helpers.job.max_attempts;
    if (err instanceof BacktestInputError || last) {
      deps.logger.warn({ err, runId: run.id }, 'backtest failed');
      if (await failBacktestRun(deps.db, run.id, message))
        await progress.publish({ id: run.id, status: 'failed', progress: 0, stage: null });
      return;
    }
    throw err;
  } finally {
    progress.close();
  }
}

export function createRunBacktestTask(deps: BacktestJobDeps): Task {
  return async (payload, helpers) => {
    const { runId } = parseBacktestPayload(payload);
    const run = await loadBacktestJobRun(deps.db, runId);
    if (!run || !isActive(run.status)) return;
    await withRunProgress(deps, run, helpers, async (progress) => {
      const signal = progress.signal;
      await progress.report('downloading', 0, 'Checking history');
      await downloadRunHistory(deps, run, signal, (done, total) =>
        progress.report(
          'downloading',
          (DOWNLOAD_SHARE * done) / total,
          `Downloading history ${done}/${total}`,
        ),
      );
      await progress.report('running', DOWNLOAD_SHARE, 'Loading candles');
      const columns = await loadRunColumns(deps.db, run, signal);
      await progress.report('running', DOWNLOAD_SHARE + LOAD_SHARE, 'Running backtest');
      const out = await deps.pool.runSingle(
        { runId, columns, strategy: run.strategy },
        signal,
        ({ done, total }) =>
          void progress.report(
            'running',
            DOWNLOAD_SHARE + LOAD_SHARE + ((1 - DOWNLOAD_SHARE - LOAD_SHARE) * done) / total,
            'Running backtest',
          ),
      );
      if (!out.ok) throw new BacktestInputError(out.error);
      signal.throwIfAborted();
      if (
        await finishBacktestRun(deps.db, runId, {
          result: out.value.stored,
          summary: out.value.summary,
        })
      )
        await progress.publish({ id: runId, status: 'done', progress: 1, stage: null });
    });
  };
}
