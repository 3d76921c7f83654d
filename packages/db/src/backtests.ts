// A user's saved backtests and sweeps (BacktestRun rows). Every function takes the owner's userId
// (from the session) and scopes every query by it: a run id belonging to someone else behaves
// exactly like an id that does not exist (null). A run is created with its job in one transaction,
// under the user's row lock, so parallel creates cannot slip past the limits. The strategy, sweep
// and walk-forward are validated by the caller (core's schemas) and stored as parsed.
import type { StoredResult, StoredSummary, StoredSweep } from '@coinview/core/backtest/stored';
import type { Strategy } from '@coinview/core/backtest/strategy';
import type { Sweep } from '@coinview/core/backtest/sweep';
import type { WalkForward } from '@coinview/core/backtest/walk-forward';
import type { Interval } from '@coinview/core/interval';
import type { BacktestStatus } from './bus-topics';
import { type Db, Prisma } from './client';
import { addBacktestJob, removeBacktestJobs } from './backtest-queue';
import { lockUserRow } from './quota';

export type BacktestKind = 'single' | 'sweep';

export const BACKTEST_LIMITS = {
  /** Saved runs per user, whatever their status. */
  savedRuns: 200,
  /** Runs per user queued, downloading or running at once. */
  activeRuns: 2,
} as const;

/** Statuses of a run that is not finished yet (a cancel applies to these). */
export const ACTIVE_BACKTEST_STATUSES = ['queued', 'downloading', 'running'] as const;

const LIMIT_MESSAGES = {
  saved: `You have ${BACKTEST_LIMITS.savedRuns} saved backtests, the most one account can keep. Delete one to run another.`,
  active: `You already have ${BACKTEST_LIMITS.activeRuns} backtests waiting or running. Wait for one to finish or cancel it to start another.`,
} as const;

export class BacktestLimitError extends Error {
  constructor(readonly kind: keyof typeof LIMIT_MESSAGES) {
    super(LIMIT_MESSAGES[kind]);
    this.name = 'BacktestLimitError';
  }
}

export interface BacktestRunWrite {
  name: string;
  kind: BacktestKind;
  symbol: string;
  interval: Interval;
  /** ms */
  from: number;
  to: number;
  strategy: Strategy;
  sweep?: Sweep;
  walkForward?: WalkForward | null;
}

export interface BacktestRunSummary {
  id: string;
  name: string;
  kind: BacktestKind;
  symbol: string;
  interval: Interval;
  from: number;
  to: number;
  status: BacktestStatus;
  /** 0–1 */
  progress: number;
  stage: string | null;
  error: string | null;
  createdAt: number;
  finishedAt: number | null;
  summary: StoredSummary | null;
}

export interface BacktestRunView<
  Sweep = unknown,
  WalkForward = unknown,
  SweepResult = StoredSweep,
> extends BacktestRunSummary {
  strategy: Strategy;
  sweep: Sweep | null;
  walkForward: WalkForward | null;
  result: StoredResult | null;
  sweepResult: SweepResult | null;
}

const summarySelect = {
  id: true,
  name: true,
  kind: true,
  symbol: true,
  interval: true,
  from: true,
  to: true,
  status: true,
  progress: true,
  stage: true,
  error: true,
  createdAt: true,
  finishedAt: true,
  summary: true,
} satisfies Prisma.BacktestRunSelect;

type SummaryRow = Prisma.BacktestRunGetPayload<{ select: typeof summarySelect }>;

function toSummary(row: SummaryRow): BacktestRunSummary {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    symbol: row.symbol,
    interval: row.interval as Interval,
    from: row.from.getTime(),
    to: row.to.getTime(),
    status: row.status,
    progress: row.progress,
    stage: row.stage,
    error: row.error,
    createdAt: row.createdAt.getTime(),
    finishedAt: row.finishedAt?.getTime() ?? null,
    summary: (row.summary as StoredSummary | null) ?? null,
  };
}

const json = (value: unknown) =>
  value === undefined || value === null ? Prisma.DbNull : (value as Prisma.InputJsonValue);

/** Creates the run and its job; BacktestLimitError when the user is at a limit. */
export async function createBacktestRun(
  db: Db,
  userId: string,
  write: BacktestRunWrite,
): Promise<{ id: string }> {
  return db.$transaction(async (tx) => {
    await lockUserRow(tx, userId);
    const saved = await tx.backtestRun.count({ where: { userId } });
    if (saved >= BACKTEST_LIMITS.savedRuns) throw new BacktestLimitError('saved');
    const active = await tx.backtestRun.count({
      where: { userId, status: { in: [...ACTIVE_BACKTEST_STATUSES] } },
    });
    if (active >= BACKTEST_LIMITS.activeRuns) throw new BacktestLimitError('active');
    const run = await tx.backtestRun.create({
      data: {
        userId,
        name: write.name,
        kind: write.kind,
        symbol: write.symbol,
        interval: write.interval,
        from: new Date(write.from),
        to: new Date(write.to),
        strategy: write.strategy,
        sweep: json(write.sweep),
        walkForward: json(write.walkForward),
      },
      select: { id: true },
    });
    await addBacktestJob(tx, { id: run.id, kind: write.kind });
    return run;
  });
}

/** The user's runs, newest first (at most BACKTEST_LIMITS.savedRuns), without their results. */
export async function listBacktestRuns(db: Db, userId: string): Promise<BacktestRunSummary[]> {
  const rows = await db.backtestRun.findMany({
    where: { userId },
    select: summarySelect,
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: BACKTEST_LIMITS.savedRuns,
  });
  return rows.map(toSummary);
}

/** One run with its strategy and result; null when the user has no such run. */
export async function getBacktestRun(
  db: Db,
  userId: string,
  id: string,
): Promise<BacktestRunView | null> {
  const row = await db.backtestRun.findFirst({
    where: { id, userId },
    select: { ...summarySelect, strategy: true, sweep: true, walkForward: true, result: true },
  });
  if (!row) return null;
  const single = row.kind === 'single';
  return {
    ...toSummary(row),
    strategy: row.strategy as unknown as Strategy,
    sweep: row.sweep ?? null,
    walkForward: row.walkForward ?? null,
    result: single ? ((row.result as unknown as StoredResult | null) ?? null) : null,
    sweepResult: single ? null : ((row.result as unknown as StoredSweep | null) ?? null),
  };
}

/** The run's market and range (for its candles); null when the user has no such run. */
export async function getBacktestRunMarket(
  db: Db,
  userId: string,
  id: string,
): Promise<{ symbol: string; interval: Interval; from: number; to: number } | null> {
  const row = await db.backtestRun.findFirst({
    where: { id, userId },
    select: { symbol: true, interval: true, from: true, to: true },
  });
  return row
    ? {
        symbol: row.symbol,
        interval: row.interval as Interval,
        from: row.from.getTime(),
        to: row.to.getTime(),
      }
    : null;
}

/**
 * Marks an unfinished run cancelled and removes its waiting jobs (a running job notices the
 * status and stops). A finished run is left as it is. Returns the run's status afterwards and
 * whether this call cancelled it; null when the user has no such run.
 */
export async function cancelBacktestRun(
  db: Db,
  userId: string,
  id: string,
): Promise<{ status: BacktestStatus; cancelled: boolean; progress: number } | null> {
  return db.$transaction(async (tx) => {
    const changed = await tx.backtestRun.updateMany({
      where: { id, userId, status: { in: [...ACTIVE_BACKTEST_STATUSES] } },
      data: { status: 'cancelled', stage: null, finishedAt: new Date() },
    });
    const row = await tx.backtestRun.findFirst({
      where: { id, userId },
      select: { status: true, progress: true },
    });
    if (!row) return null;
    if (changed.count > 0) await removeBacktestJobs(tx, id);
    return { status: row.status, cancelled: changed.count > 0, progress: row.progress };
  });
}

/** Deletes the run (its waiting jobs too; a running job finds no row and stops). */
export async function deleteBacktestRun(db: Db, userId: string, id: string): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const deleted = await tx.backtestRun.deleteMany({ where: { id, userId } });
    if (deleted.count > 0) await removeBacktestJobs(tx, id);
    return deleted.count > 0;
  });
}
