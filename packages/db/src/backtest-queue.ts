// The durable jobs behind backtests (graphile-worker, like alert deliveries: see alert-queue.ts).
// A run's job is added in the transaction that creates the run, so a run never exists without its
// job. job_key = the run id (or run id + part): adding it again replaces, never doubles. No queue
// name: backtests are not serialised per user (the per-user limit of running backtests is
// checked when one is created), and any worker process takes any part of a sweep.
import type { Prisma } from './client';
import { QUEUE_SCHEMA } from './alert-queue';

/** One backtest; payload `{ runId }`. */
export const RUN_BACKTEST_TASK = 'run-backtest';
/** A sweep: splits its combinations into run-sweep-part jobs; payload `{ runId }`. */
export const RUN_SWEEP_TASK = 'run-sweep';
/** One part of a sweep; payload `{ runId, part }`. */
export const RUN_SWEEP_PART_TASK = 'run-sweep-part';

/** Attempts of a backtest job: a crash is retried, a strategy that throws fails the run at once. */
export const DEFAULT_BACKTEST_MAX_ATTEMPTS = 5;

export function runJobKey(runId: string): string {
  return `backtest:${runId}`;
}

export function sweepPartJobKey(runId: string, part: number): string {
  return `backtest:${runId}:${part}`;
}

/** Adds the run's run-backtest / run-sweep job inside the caller's transaction. */
export async function addBacktestJob(
  tx: Prisma.TransactionClient,
  run: { id: string; kind: 'single' | 'sweep' },
  options: { maxAttempts?: number } = {},
): Promise<void> {
  await tx.$executeRawUnsafe(
    `SELECT ${QUEUE_SCHEMA}.add_job($1::text, json_build_object('runId', $2::text),
            max_attempts => $3::int, job_key => $4::text)`,
    run.kind === 'single' ? RUN_BACKTEST_TASK : RUN_SWEEP_TASK,
    run.id,
    options.maxAttempts ?? DEFAULT_BACKTEST_MAX_ATTEMPTS,
    runJobKey(run.id),
  );
}

/** Adds one run-sweep-part job per part, in one statement, inside the caller's transaction. */
export async function addSweepPartJobs(
  tx: Prisma.TransactionClient,
  runId: string,
  parts: readonly number[],
  options: { maxAttempts?: number } = {},
): Promise<void> {
  if (parts.length === 0) return;
  await tx.$executeRawUnsafe(
    `SELECT ${QUEUE_SCHEMA}.add_jobs(array(
       SELECT ($1::text, json_build_object('runId', $2::text, 'part', p), null, null, $3::int,
               'backtest:' || $2::text || ':' || p, null, null)::${QUEUE_SCHEMA}.job_spec
       FROM unnest($4::int[]) AS t(p)))`,
    RUN_SWEEP_PART_TASK,
    runId,
    options.maxAttempts ?? DEFAULT_BACKTEST_MAX_ATTEMPTS,
    parts,
  );
}

/**
 * Removes the run's jobs (a cancelled or deleted run): waiting ones go; one a worker holds is
 * left to finish but never retried (graphile-worker's remove_job).
 */
export async function removeBacktestJobs(
  tx: Prisma.TransactionClient,
  runId: string,
): Promise<void> {
  await tx.$executeRawUnsafe(
    `SELECT ${QUEUE_SCHEMA}.remove_job(j.key) FROM ${QUEUE_SCHEMA}._private_jobs j
     WHERE j.key = $1::text OR j.key LIKE $2::text`,
    runJobKey(runId),
    `${runJobKey(runId)}:%`,
  );
}

/** Reads `{ runId }`; throws on anything else. */
export function parseBacktestPayload(payload: unknown): { runId: string } {
  const id = (payload as { runId?: unknown } | null)?.runId;
  if (typeof id !== 'string' || !id || id.length > 64)
    throw new Error('backtest job: payload has no runId');
  return { runId: id };
}

/** Reads `{ runId, part }`; throws on anything else. */
export function parseSweepPartPayload(payload: unknown): { runId: string; part: number } {
  const { runId } = parseBacktestPayload(payload);
  const part = (payload as { part?: unknown }).part;
  if (typeof part !== 'number' || !Number.isInteger(part) || part < 0)
    throw new Error('run-sweep-part: payload has no part');
  return { runId, part };
}
