// What runs inside an engine thread (piscina): a whole backtest, a slice of a sweep's
// combinations, or a walk-forward. Pure computation on core; progress goes back through the
// MessagePort the task carries. A failure of the inputs (core throws on a strategy or a range it
// cannot run) is returned as `{ error }`: it would fail the same way on any retry.
import type { MessagePort } from 'node:worker_threads';
import { prepareBacktest, type PreparedBacktest } from '@coinview/core/backtest/columns';
import { runBacktest } from '@coinview/core/backtest/engine';
import { computeMetrics } from '@coinview/core/backtest/metrics';
import {
  storedSummary,
  toStoredResult,
  type StoredResult,
  type StoredSummary,
} from '@coinview/core/backtest/stored';
import type { Strategy } from '@coinview/core/backtest/strategy';
import { runSweepSlice, type Sweep, type SweepRow } from '@coinview/core/backtest/sweep';
import {
  runWalkForward,
  type WalkForward,
  type WalkForwardResult,
} from '@coinview/core/backtest/walk-forward';
import { type BarColumns, fromBarColumns } from './bar-columns';

export type ThreadOutcome<T> = { ok: true; value: T } | { ok: false; error: string };

export interface ThreadProgress {
  done: number;
  total: number;
}

interface Common {
  runId: string;
  columns: BarColumns;
  strategy: Strategy;
  port?: MessagePort;
}

// Indicator columns are cached per run: the parts of one sweep that land on this thread compute
// each indicator once. Two runs kept, the oldest dropped.
const prepared = new Map<string, { columns: BarColumns; prepared: PreparedBacktest }>();
function preparedFor(runId: string, columns: BarColumns): PreparedBacktest {
  const hit = prepared.get(runId);
  if (hit && hit.columns.time.buffer === columns.time.buffer) return hit.prepared;
  const entry = { columns, prepared: prepareBacktest(fromBarColumns(columns)) };
  prepared.delete(runId);
  prepared.set(runId, entry);
  while (prepared.size > 2) prepared.delete(prepared.keys().next().value!);
  return entry.prepared;
}

function outcome<T>(compute: () => T): ThreadOutcome<T> {
  try {
    return { ok: true, value: compute() };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}

export function runSingle(
  task: Common,
): ThreadOutcome<{ stored: StoredResult; summary: StoredSummary }> {
  return outcome(() => {
    const bars = fromBarColumns(task.columns);
    const result = runBacktest(bars, task.strategy, {
      progressEvery: Math.max(1_000, Math.ceil(bars.length / 200)),
      onProgress: (done, total) => task.port?.postMessage({ done, total } satisfies ThreadProgress),
    });
    const stored = toStoredResult(result, computeMetrics(result, task.strategy.interval));
    return { stored, summary: storedSummary(stored) };
  });
}

export function runPart(
  task: Common & { sweep: Sweep; fromIndex: number; toIndex: number },
): ThreadOutcome<SweepRow[]> {
  return outcome(() =>
    runSweepSlice(
      preparedFor(task.runId, task.columns),
      task.strategy,
      task.sweep,
      task.fromIndex,
      task.toIndex,
      {
        onRow: (_row, done, total) =>
          task.port?.postMessage({ done, total } satisfies ThreadProgress),
      },
    ),
  );
}

export function runWalkForwardTask(
  task: Common & { sweep: Sweep; walkForward: WalkForward },
): ThreadOutcome<WalkForwardResult> {
  return outcome(() =>
    runWalkForward(
      preparedFor(task.runId, task.columns),
      task.strategy,
      task.sweep,
      task.walkForward,
      {
        onWindow: (done, total) => task.port?.postMessage({ done, total } satisfies ThreadProgress),
      },
    ),
  );
}
