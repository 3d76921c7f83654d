// The durable job queue behind alert deliveries: graphile-worker (Postgres-backed; retries with
// exponential backoff; a job whose worker was killed is retried once its lock expires, after 4
// hours; a graceful stop finishes running jobs first). Its tables live in their
// own schema, `graphile_worker`, which graphile-worker migrates itself; `migrate()` calls
// `installQueueSchema` after the Prisma migrations so that every database the product uses
// (`pnpm db:migrate`, the launcher, createTestDatabase) can take jobs — recordFire adds them with
// SQL inside its own transaction, which needs the schema to exist before the worker ever starts.
import pg from 'pg';
import type { Db } from './client';

/** graphile-worker's schema (its default, kept explicit because SQL here names it). */
export const QUEUE_SCHEMA = 'graphile_worker';

/** The task that delivers one AlertDelivery; its payload is `{ deliveryId }`. */
export const ALERT_DELIVERY_TASK = 'deliver-alert';

/**
 * Attempts per delivery before it is marked failed. graphile-worker waits exp(attempts) seconds
 * (capped at exp(10)) between attempts, so 8 attempts retry for about half an hour.
 */
export const DEFAULT_DELIVERY_MAX_ATTEMPTS = 8;

export interface DeliveryJobPayload {
  deliveryId: string;
}

async function latestQueueMigration(url: string): Promise<number | null> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows: exists } = await client.query<{ table: string | null }>(
      `SELECT to_regclass('${QUEUE_SCHEMA}.migrations')::text AS table`,
    );
    if (!exists[0]?.table) return null;
    const { rows } = await client.query<{ id: number | null }>(
      `SELECT max(id) AS id FROM ${QUEUE_SCHEMA}.migrations`,
    );
    return rows[0]?.id ?? null;
  } finally {
    await client.end();
  }
}

/**
 * Creates or upgrades graphile-worker's schema. Idempotent. Concurrent callers are safe when they
 * hold migrate()'s advisory lock (graphile-worker's own bootstrap `CREATE SCHEMA IF NOT EXISTS`
 * can race on a brand-new database).
 */
export async function installQueueSchema(
  url: string,
  options: { log?: (message: string) => void } = {},
): Promise<{ from: number | null; to: number | null }> {
  // Loaded on demand: recordFire (which shares this module's constants) may run inside Next.js,
  // which need not bundle graphile-worker.
  const { Logger, runMigrations } = await import('graphile-worker');
  const from = await latestQueueMigration(url);
  // Quiet: it logs every migration step at info; what changed is reported through `log`.
  const logger = new Logger(() => () => undefined);
  await runMigrations({ connectionString: url, schema: QUEUE_SCHEMA, logger });
  const to = await latestQueueMigration(url);
  if (from !== to) options.log?.(`installed graphile-worker schema (migration ${String(to)})`);
  return { from, to };
}

/**
 * Frees the jobs of `tasks` still locked by workers that are gone (a worker killed mid-job keeps
 * its lock for 4 hours): only for a process that knows it is the tasks' only runner. Returns the
 * worker ids released.
 */
/**
 * Makes the running job's next attempt wait at least `ms` (a provider's Retry-After): the job's
 * run_at moves, and graphile-worker's failure handling adds its backoff on top of
 * greatest(now(), run_at) when the task then throws. Call it just before rethrowing.
 */
export async function delayJobRetry(db: Db, jobId: string, ms: number): Promise<void> {
  await db.$executeRawUnsafe(
    `UPDATE ${QUEUE_SCHEMA}._private_jobs SET run_at = now() + $2::int * interval '1 millisecond'
     WHERE id = $1::bigint`,
    jobId,
    Math.max(0, Math.min(Math.round(ms), 24 * 3_600_000)),
  );
}

export async function releaseTaskLocks(db: Db, ...tasks: string[]): Promise<string[]> {
  const [row] = await db.$queryRawUnsafe<{ workers: string[] | null }[]>(
    `SELECT array_agg(DISTINCT j.locked_by) AS workers
     FROM ${QUEUE_SCHEMA}._private_jobs j JOIN ${QUEUE_SCHEMA}._private_tasks t ON t.id = j.task_id
     WHERE t.identifier = ANY($1::text[]) AND j.locked_by IS NOT NULL`,
    tasks,
  );
  const workers = row?.workers ?? [];
  if (workers.length > 0)
    await db.$executeRawUnsafe(`SELECT ${QUEUE_SCHEMA}.force_unlock_workers($1::text[])`, workers);
  return workers;
}
