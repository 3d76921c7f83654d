// Which queue workers are alive. graphile-worker keeps a job locked by a worker that died (a
// SIGKILL, a lost machine) for 4 hours, and releasing locks at start is only safe for a process
// that knows it is the only worker. So every worker touches a row per queue worker id every few
// seconds, and any worker unlocks the jobs of ids whose row went stale (force_unlock_workers):
// those jobs are then taken again by whichever worker is alive.
import { QUEUE_SCHEMA } from './alert-queue';
import type { Db } from './client';

/** Touches the heartbeat rows of `workerIds` (creating them the first time). */
export async function beatWorkers(db: Db, workerIds: readonly string[]): Promise<void> {
  if (workerIds.length === 0) return;
  await db.$executeRaw`
    INSERT INTO "WorkerHeartbeat" ("workerId", "seenAt")
    SELECT id, now() FROM unnest(${workerIds}::text[]) AS t(id)
    ON CONFLICT ("workerId") DO UPDATE SET "seenAt" = now()`;
}

/** Forgets workers that stopped cleanly (their jobs were finished or released by graphile-worker). */
export async function forgetWorkers(db: Db, workerIds: readonly string[]): Promise<void> {
  if (workerIds.length === 0) return;
  await db.workerHeartbeat.deleteMany({ where: { workerId: { in: [...workerIds] } } });
}

/**
 * Unlocks every job held by a worker not seen for `staleMs` and forgets that worker. Safe to run
 * in every process at once: each stale row is claimed by one of them. Returns the ids unlocked.
 */
export async function reapStaleWorkers(db: Db, staleMs: number): Promise<string[]> {
  return db.$transaction(async (tx) => {
    const stale = await tx.$queryRaw<{ workerId: string }[]>`
      SELECT "workerId" FROM "WorkerHeartbeat"
      WHERE "seenAt" < now() - ${Math.round(staleMs)}::int * interval '1 millisecond'
      FOR UPDATE SKIP LOCKED`;
    const ids = stale.map((r) => r.workerId);
    if (ids.length === 0) return [];
    await tx.$executeRawUnsafe(`SELECT ${QUEUE_SCHEMA}.force_unlock_workers($1::text[])`, ids);
    await tx.workerHeartbeat.deleteMany({ where: { workerId: { in: ids } } });
    return ids;
  });
}
