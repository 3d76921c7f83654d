// The worker's side of a backtest run: claim it, record progress, finish or fail it, and the parts
// of a sweep. Every write is conditional on the run still being unfinished, so a run the user
// cancelled (or deleted) is never brought back by a job that had not noticed yet, and a job that
// runs twice (a retry after a crash) finishes the run once.
import type { Strategy } from '@coinview/core/backtest/strategy';
import type { Sweep, SweepRow } from '@coinview/core/backtest/sweep';
import type { WalkForward } from '@coinview/core/backtest/walk-forward';
import type { Interval } from '@coinview/core/interval';
import type { BacktestStatus } from './bus-topics';
import { type Db, Prisma } from './client';
import { ACTIVE_BACKTEST_STATUSES, type BacktestKind } from './backtests';
import { addSweepPartJobs } from './backtest-queue';

export interface BacktestJobRun {
  id: string;
  userId: string;
  kind: BacktestKind;
  status: BacktestStatus;
  symbol: string;
  interval: Interval;
  /** ms */
  from: number;
  to: number;
  strategy: Strategy;
  sweep: Sweep | null;
  walkForward: WalkForward | null;
  partsTotal: number;
}

const active = { in: [...ACTIVE_BACKTEST_STATUSES] };

export async function loadBacktestJobRun(db: Db, runId: string): Promise<BacktestJobRun | null> {
  const row = await db.backtestRun.findUnique({ where: { id: runId } });
  if (!row) return null;
  return {
    id: row.id,
    userId: row.userId,
    kind: row.kind,
    status: row.status,
    symbol: row.symbol,
    interval: row.interval as Interval,
    from: row.from.getTime(),
    to: row.to.getTime(),
    strategy: row.strategy as unknown as Strategy,
    sweep: (row.sweep as unknown as Sweep | null) ?? null,
    walkForward: (row.walkForward as unknown as WalkForward | null) ?? null,
    partsTotal: row.partsTotal,
  };
}

/** The run's status; null when it was deleted. */
export async function backtestRunStatus(db: Db, runId: string): Promise<BacktestStatus | null> {
  const row = await db.backtestRun.findUnique({ where: { id: runId }, select: { status: true } });
  return row?.status ?? null;
}

export interface BacktestProgress {
  status: 'downloading' | 'running';
  /** 0–1 */
  progress: number;
  stage: string | null;
}

/** Records progress (and startedAt the first time); false when the run is no longer unfinished. */
export async function setBacktestProgress(
  db: Db,
  runId: string,
  p: BacktestProgress,
): Promise<boolean> {
  const changed = await db.$executeRaw`
    UPDATE "BacktestRun"
    SET "status" = ${p.status}::"BacktestStatus", "progress" = ${Math.min(1, Math.max(0, p.progress))},
        "stage" = ${p.stage}, "startedAt" = coalesce("startedAt", now())
    WHERE "id" = ${runId} AND "status" IN ('queued', 'downloading', 'running')`;
  return changed > 0;
}

/** Marks the run done with its result; false when it was cancelled, deleted or already done. */
export async function finishBacktestRun(
  db: Db,
  runId: string,
  done: { result: unknown; summary: unknown },
): Promise<boolean> {
  const changed = await db.backtestRun.updateMany({
    where: { id: runId, status: active },
    data: {
      status: 'done',
      progress: 1,
      stage: null,
      result: done.result as Prisma.InputJsonValue,
      summary: done.summary === null ? Prisma.DbNull : (done.summary as Prisma.InputJsonValue),
      finishedAt: new Date(),
    },
  });
  return changed.count > 0;
}

/** Marks the run failed with a sentence for the user; false when it was no longer unfinished. */
export async function failBacktestRun(db: Db, runId: string, error: string): Promise<boolean> {
  const changed = await db.backtestRun.updateMany({
    where: { id: runId, status: active },
    data: { status: 'failed', stage: null, error: error.slice(0, 1000), finishedAt: new Date() },
  });
  return changed.count > 0;
}

export interface SweepPartRange {
  part: number;
  /** Combination indexes [fromIndex, toIndex). */
  fromIndex: number;
  toIndex: number;
}

/**
 * Records the sweep's parts and adds one run-sweep-part job each, in one transaction, once: a
 * run-sweep job run again finds the parts recorded and adds nothing. Returns whether it split.
 */
export async function splitSweep(
  db: Db,
  runId: string,
  parts: readonly SweepPartRange[],
): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const claimed = await tx.backtestRun.updateMany({
      where: { id: runId, partsTotal: 0, status: active },
      data: { partsTotal: parts.length },
    });
    if (claimed.count === 0) return false;
    await tx.backtestSweepPart.createMany({
      data: parts.map((p) => ({ runId, ...p })),
      skipDuplicates: true,
    });
    await addSweepPartJobs(
      tx,
      runId,
      parts.map((p) => p.part),
    );
    return true;
  });
}

export async function getSweepPart(
  db: Db,
  runId: string,
  part: number,
): Promise<(SweepPartRange & { status: BacktestStatus }) | null> {
  return db.backtestSweepPart.findUnique({
    where: { runId_part: { runId, part } },
    select: { part: true, fromIndex: true, toIndex: true, status: true },
  });
}

/**
 * Stores a part's rows once (a part run again changes nothing) and counts the parts done, under
 * the run's row lock so that exactly one part — the one completing the set — sees `last`.
 */
export async function completeSweepPart(
  db: Db,
  runId: string,
  part: number,
  rows: readonly SweepRow[],
): Promise<{ stored: boolean; done: number; total: number; last: boolean }> {
  return db.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ partsTotal: number }[]>`
      SELECT "partsTotal" FROM "BacktestRun" WHERE "id" = ${runId} FOR UPDATE`;
    const total = locked[0]?.partsTotal ?? 0;
    const changed = await tx.backtestSweepPart.updateMany({
      where: { runId, part, status: { not: 'done' } },
      data: {
        status: 'done',
        rows: rows as unknown as Prisma.InputJsonValue,
        finishedAt: new Date(),
      },
    });
    const done = await tx.backtestSweepPart.count({ where: { runId, status: 'done' } });
    const stored = changed.count > 0;
    return { stored, done, total, last: stored && total > 0 && done === total };
  });
}

/** Every row of every part done, in part order. */
export async function listSweepRows(db: Db, runId: string): Promise<SweepRow[]> {
  const parts = await db.backtestSweepPart.findMany({
    where: { runId, status: 'done' },
    orderBy: { part: 'asc' },
    select: { rows: true },
  });
  return parts.flatMap((p) => (p.rows as unknown as SweepRow[] | null) ?? []);
}
