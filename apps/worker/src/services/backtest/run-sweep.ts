// A sweep as queue jobs. `run-sweep {runId}` downloads the missing history, then splits the
// combinations into parts of PART_SIZE, each a `run-sweep-part {runId, part}` job that any worker
// process may take (no queue name). A part loads the run's candles from Postgres (once per process:
// cached by run id), runs core's runSweepSlice in an engine thread and stores its rows in its part
// row once. The part that completes the set ranks the rows, builds the heatmap and the
// walk-forward and marks the run done; a part retried after a crash at that point finishes it
// too (finishing is conditional on the run being unfinished, so it happens once).
import { type SweepRow, sweepSize } from '@coinview/core/backtest/sweep';
import { toStoredSweep, type StoredSummary } from '@coinview/core/backtest/stored';
import {
  type BacktestJobRun,
  completeSweepPart,
  finishBacktestRun,
  getSweepPart,
  listSweepRows,
  loadBacktestJobRun,
  splitSweep,
} from '@coinview/db/backtest-jobs';
import { parseBacktestPayload, parseSweepPartPayload } from '@coinview/db/backtest-queue';
import type { Db } from '@coinview/db/client';
import type { Task } from 'graphile-worker';
import type { BarColumns } from './bar-columns';
import { BacktestInputError, downloadRunHistory, loadRunColumns } from './run-history';
import type { RunProgress } from './run-progress';
import { type BacktestJobDeps, isActive, withRunProgress } from './run-backtest';

/** Combinations per part. */
export const PART_SIZE = 25;

/** Share of the progress bar the parts take when a walk-forward follows. */
const PARTS_SHARE_WITH_WF = 0.9;

/** Candles per run id, loaded once per process and shared by its parts (two runs kept). */
export class RunColumnsCache {
  private readonly entries = new Map<string, Promise<BarColumns>>();

  get(db: Db, run: BacktestJobRun, signal: AbortSignal): Promise<BarColumns> {
    let hit = this.entries.get(run.id);
    if (!hit) {
      hit = loadRunColumns(db, run, signal);
      hit.catch(() => this.entries.delete(run.id));
      this.entries.set(run.id, hit);
      while (this.entries.size > 2) this.entries.delete(this.entries.keys().next().value!);
    }
    return hit;
  }

  forget(runId: string): void {
    this.entries.delete(runId);
  }
}

export interface SweepJobDeps extends BacktestJobDeps {
  columns: RunColumnsCache;
  partSize?: number;
}

export function createRunSweepTask(deps: SweepJobDeps): Task {
  return async (payload, helpers) => {
    const { runId } = parseBacktestPayload(payload);
    const run = await loadBacktestJobRun(deps.db, runId);
    if (!run || !isActive(run.status) || !run.sweep || run.partsTotal > 0) return;
    const sweep = run.sweep;
    await withRunProgress(deps, run, helpers, async (progress) => {
      await progress.report('downloading', 0, 'Checking history');
      await downloadRunHistory(deps, run, progress.signal, (done, total) =>
        progress.report('downloading', 0, `Downloading history ${done}/${total}`),
      );
      const size = sweepSize(sweep);
      const partSize = deps.partSize ?? PART_SIZE;
      const parts = Array.from({ length: Math.ceil(size / partSize) }, (_, part) => ({
        part,
        fromIndex: part * partSize,
        toIndex: Math.min(size, (part + 1) * partSize),
      }));
      await progress.report('running', 0, `Sweep: 0/${parts.length} parts`);
      await splitSweep(deps.db, runId, parts);
    });
  };
}

async function finishSweep(
  deps: SweepJobDeps,
  run: BacktestJobRun,
  progress: RunProgress,
): Promise<void> {
  const sweep = run.sweep!;
  const rows = await listSweepRows(deps.db, run.id);
  let walkForward = null;
  if (run.walkForward) {
    await progress.report('running', PARTS_SHARE_WITH_WF, 'Walk-forward');
    const columns = await deps.columns.get(deps.db, run, progress.signal);
    const out = await deps.pool.runWalkForward(
      { runId: run.id, columns, strategy: run.strategy, sweep, walkForward: run.walkForward },
      progress.signal,
    );
    if (!out.ok) throw new BacktestInputError(out.error);
    walkForward = out.value;
  }
  const stored = toStoredSweep(rows, sweep, walkForward);
  if (
    await finishBacktestRun(deps.db, run.id, {
      result: stored,
      summary: bestSummary(run, stored.rows[0]),
    })
  )
    await progress.publish({ id: run.id, status: 'done', progress: 1, stage: null });
  deps.columns.forget(run.id);
}

/** The list's numbers for a sweep: those of its best combination. */
function bestSummary(run: BacktestJobRun, best: SweepRow | undefined): StoredSummary | null {
  const m = best?.metrics;
  if (!m) return null;
  return {
    netReturn: m.netReturn,
    maxDrawdown: m.maxDrawdown,
    trades: m.trades,
    winRate: m.winRate,
    finalEquity: run.strategy.initialCapital * (1 + m.netReturn),
  };
}

export function createRunSweepPartTask(deps: SweepJobDeps): Task {
  return async (payload, helpers) => {
    const { runId, part } = parseSweepPartPayload(payload);
    const run = await loadBacktestJobRun(deps.db, runId);
    if (!run || !isActive(run.status) || !run.sweep) return;
    const sweep = run.sweep;
    const slice = await getSweepPart(deps.db, runId, part);
    if (!slice) return;
    await withRunProgress(deps, run, helpers, async (progress) => {
      const share = run.walkForward ? PARTS_SHARE_WITH_WF : 1;
      let rows: SweepRow[] = [];
      if (slice.status !== 'done') {
        const columns = await deps.columns.get(deps.db, run, progress.signal);
        const out = await deps.pool.runPart(
          {
            runId,
            columns,
            strategy: run.strategy,
            sweep,
            fromIndex: slice.fromIndex,
            toIndex: slice.toIndex,
          },
          progress.signal,
        );
        if (!out.ok) throw new BacktestInputError(out.error);
        rows = out.value;
      }
      progress.signal.throwIfAborted();
      const { done, total, last } = await completeSweepPart(deps.db, runId, part, rows);
      if (!last) {
        await progress.report('running', (share * done) / total, `Sweep: ${done}/${total} parts`);
        return;
      }
      await finishSweep(deps, run, progress);
    });
  };
}
