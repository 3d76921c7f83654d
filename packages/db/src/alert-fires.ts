// Recording rules' fires and queueing their deliveries — and, when a rule carries an order action,
// its PENDING order and the order's placing — atomically. The unique (ruleId, barTime) key makes a
// fire happen at most once per bar whoever records it (a restarted worker, a replayed candle, a
// second worker); the delivery jobs are added with graphile-worker's SQL API inside the same
// transaction, so a fire is never stored without its jobs nor a job queued for a fire that rolled
// back.
//
// A bar's fires (1,000 users' alerts on one close) are recorded together: ONE transaction with a
// constant number of statements per chunk of fires, because a commit per fire cost ~34 ms each and
// put seconds between the bar's close and its last order (bench/orders.ts).
import type { Db, Prisma } from './client';
import { ALERT_DELIVERY_TASK, DEFAULT_DELIVERY_MAX_ATTEMPTS, QUEUE_SCHEMA } from './alert-queue';
import { type FiredRule, type InsertedFire, createFireOrders } from './fire-orders';
import { addFireOrderJobs } from './order-queue';
import { newRowId } from './row-id';

export type DeliveryChannel = 'email' | 'webhook' | 'inapp' | 'telegram';

export interface FireInput {
  ruleId: string;
  userId: string;
  /** Open time of the bar the rule fired on. */
  barTime: Date;
  trigger: 'bar-close' | 'intrabar';
  /** Decimal string. */
  price: string;
  /** The rendered message. */
  message: string;
  values: Record<string, number>;
  channels: DeliveryChannel[];
  /** An "only once" rule: it becomes `triggered` (and stops being evaluated). */
  once: boolean;
  /** Attempts per delivery job (default DEFAULT_DELIVERY_MAX_ATTEMPTS). */
  maxAttempts?: number;
}

export interface RecordFireResult {
  /** false when this (ruleId, barTime) had already fired: nothing was changed. */
  inserted: boolean;
  fireId: string | null;
  /** The order the fire made (its rule has an order action); null otherwise. */
  orderId: string | null;
}

/**
 * Fires per statement: each statement's parameters and plan stay bounded however many fires a bar
 * has (Postgres takes at most 65,535 bind parameters; a fire row has 7).
 */
export const FIRE_CHUNK_SIZE = 500;

/**
 * The whole batch is one transaction: Prisma's default 5 s is short for thousands of fires on a
 * busy machine (1,000 took ~3-4 s here at a load of 2-6 on 2 cores).
 */
const BATCH_TIMEOUT_MS = 60_000;

const NOT_RECORDED: RecordFireResult = { inserted: false, fireId: null, orderId: null };

function fireKey(ruleId: string, barTime: Date): string {
  return `${ruleId}|${barTime.getTime()}`;
}

/**
 * Records the fires in ONE transaction, all or nothing, and returns one result per fire in input
 * order. A fire whose (rule, bar) is already stored — or appears earlier in the same batch — is
 * skipped (`inserted: false`), exactly as recording them one after another would.
 */
export async function recordFires(
  db: Db,
  fires: readonly FireInput[],
): Promise<RecordFireResult[]> {
  // Only the first entry per (rule, bar) is sent: a later one is the "already fired" case.
  const seen = new Set<string>();
  const firsts: number[] = [];
  fires.forEach((fire, i) => {
    const key = fireKey(fire.ruleId, fire.barTime);
    if (seen.has(key)) return;
    seen.add(key);
    firsts.push(i);
  });
  const results = fires.map(() => NOT_RECORDED);
  if (firsts.length === 0) return results;

  await db.$transaction(
    async (tx) => {
      const toPlace: { id: string; userId: string }[] = [];
      for (let start = 0; start < firsts.length; start += FIRE_CHUNK_SIZE) {
        const indexes = firsts.slice(start, start + FIRE_CHUNK_SIZE);
        const chunk = await recordChunk(
          tx,
          indexes.map((i) => fires[i] as FireInput),
        );
        chunk.results.forEach((result, j) => (results[indexes[j] as number] = result));
        toPlace.push(...chunk.toPlace);
      }
      // Once for the whole transaction: how a bar's orders are queued is order-queue's decision.
      if (toPlace.length > 0) await addFireOrderJobs(tx, toPlace);
    },
    { timeout: BATCH_TIMEOUT_MS },
  );
  return results;
}

/** One fire: a batch of one (same statements, same transaction semantics). */
export async function recordFire(db: Db, fire: FireInput): Promise<RecordFireResult> {
  const [result] = await recordFires(db, [fire]);
  return result ?? NOT_RECORDED;
}

/** Fires with distinct (rule, bar) keys; a constant number of statements whatever their count. */
async function recordChunk(
  tx: Prisma.TransactionClient,
  fires: readonly FireInput[],
): Promise<{ results: RecordFireResult[]; toPlace: { id: string; userId: string }[] }> {
  // ON CONFLICT DO NOTHING (skipDuplicates): a concurrent insert of the same key waits for the
  // other transaction and then skips (or inserts, if that one rolled back). RETURNING gives only
  // the rows inserted, matched back to their fire by the unique key.
  // One statement whatever the count (raw SQL over arrays: Prisma's createManyAndReturn took
  // ~0.4 ms of client work per row, 200 ms for 500 fires, in bench/orders.ts).
  const rows = await tx.$queryRaw<{ id: string; ruleId: string; barTime: Date; firedAt: Date }[]>`
    INSERT INTO "AlertFire" ("id", "ruleId", "userId", "barTime", "trigger", "price", "message",
                             "values")
    SELECT * FROM unnest(
      ${fires.map(() => newRowId())}::text[], ${fires.map((f) => f.ruleId)}::text[],
      ${fires.map((f) => f.userId)}::text[],
      ${fires.map((f) => f.barTime.toISOString())}::timestamptz[],
      ${fires.map((f) => f.trigger)}::text[], ${fires.map((f) => f.price)}::text[],
      ${fires.map((f) => f.message)}::text[],
      ${fires.map((f) => JSON.stringify(f.values))}::jsonb[])
    ON CONFLICT ("ruleId", "barTime") DO NOTHING
    RETURNING "id", "ruleId", "barTime", "firedAt"`;
  const rowByKey = new Map(rows.map((row) => [fireKey(row.ruleId, row.barTime), row]));
  const inserted = fires.flatMap((fire, index) => {
    const row = rowByKey.get(fireKey(fire.ruleId, fire.barTime));
    return row ? [{ index, fire, row }] : [];
  });
  const results = fires.map(() => NOT_RECORDED);
  if (inserted.length === 0) return { results, toPlace: [] };

  await queueDeliveries(tx, inserted);
  const rules = await markRulesFired(tx, inserted);
  const orders = await createFireOrders(tx, inserted, rules);
  const toPlace: { id: string; userId: string }[] = [];
  for (const { index, row } of inserted) {
    const order = orders.get(row.id);
    results[index] = { inserted: true, fireId: row.id, orderId: order?.id ?? null };
    if (order && !order.rejected) toPlace.push({ id: order.id, userId: order.userId });
  }
  return { results, toPlace };
}

/** The fires' AlertDelivery rows (one per distinct channel) and one deliver-alert job for each. */
async function queueDeliveries(
  tx: Prisma.TransactionClient,
  inserted: readonly InsertedFire[],
): Promise<void> {
  const data = inserted.flatMap(({ fire, row }) =>
    [...new Set(fire.channels)].map((channel) => ({
      fireId: row.id,
      userId: fire.userId,
      channel,
    })),
  );
  if (data.length === 0) return;
  const deliveries = await tx.alertDelivery.createManyAndReturn({
    data,
    select: { id: true, fireId: true },
  });
  const attemptsByFire = new Map(
    inserted.map(({ fire, row }) => [row.id, fire.maxAttempts ?? DEFAULT_DELIVERY_MAX_ATTEMPTS]),
  );
  // add_jobs takes graphile-worker's job_spec rows (identifier, payload, queue_name, run_at,
  // max_attempts, job_key, priority, flags); job_key = the delivery id, as add_job had it: re-adding
  // the job for a delivery replaces it, never doubles it.
  await tx.$executeRawUnsafe(
    `SELECT count(*) FROM ${QUEUE_SCHEMA}.add_jobs(ARRAY(
       SELECT ROW($1::text, json_build_object('deliveryId', d.id), NULL::text,
                  NULL::timestamptz, d.max_attempts::smallint, d.id, NULL::smallint,
                  NULL::text[])::${QUEUE_SCHEMA}.job_spec
       FROM unnest($2::text[], $3::int[]) AS d(id, max_attempts)))`,
    ALERT_DELIVERY_TASK,
    deliveries.map((d) => d.id),
    deliveries.map((d) => attemptsByFire.get(d.fireId) ?? DEFAULT_DELIVERY_MAX_ATTEMPTS),
  );
}

/**
 * Counts the fires on their rules and returns the rules as they are in this transaction.
 * Raw SQL (UPDATE … FROM), so that Prisma's @updatedAt does not move: updatedAt says when the user
 * last changed the rule, which the worker's catch-up after a restart relies on. The fires are
 * grouped per rule first (an UPDATE … FROM changes a row once however many rows join it), which
 * gives what one UPDATE per fire gave: fireCount + n, and only an active `once` rule moves to
 * triggered with one version bump (a rule paused meanwhile stays paused). RETURNING the order action
 * as it is now: the order is made from what the rule says at the moment it fired.
 */
async function markRulesFired(
  tx: Prisma.TransactionClient,
  inserted: readonly InsertedFire[],
): Promise<Map<string, FiredRule>> {
  const rules = await tx.$queryRaw<FiredRule[]>`
    UPDATE "AlertRule" AS r
    SET "lastFiredAt" = f.fired_at,
        "fireCount" = r."fireCount" + f.fires,
        "status" = CASE WHEN f.once AND r."status" = 'active'
                        THEN 'triggered'::"AlertStatus" ELSE r."status" END,
        "version" = CASE WHEN f.once AND r."status" = 'active'
                         THEN r."version" + 1 ELSE r."version" END
    FROM (SELECT id, max(fired_at) AS fired_at, count(*)::int AS fires, bool_or(once) AS once
          FROM unnest(${inserted.map((i) => i.row.ruleId)}::text[],
                      ${inserted.map((i) => i.row.firedAt.toISOString())}::timestamptz[],
                      ${inserted.map((i) => i.fire.once)}::boolean[]) AS t(id, fired_at, once)
          GROUP BY id) AS f
    WHERE r."id" = f.id
    RETURNING r."id", r."name", r."symbol", r."orderAction"`;
  return new Map(rules.map((rule) => [rule.id, rule]));
}
