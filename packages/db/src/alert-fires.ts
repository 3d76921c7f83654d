// Recording a rule's fire and queueing its deliveries, atomically. The unique (ruleId, barTime)
// key makes a fire happen at most once per bar whoever records it (a restarted worker, a replayed
// candle, a second worker); the delivery jobs are added with graphile-worker's SQL API inside the
// same transaction, so a fire is never stored without its jobs nor a job queued for a fire that
// rolled back.
import type { Db } from './client';
import { ALERT_DELIVERY_TASK, DEFAULT_DELIVERY_MAX_ATTEMPTS, QUEUE_SCHEMA } from './alert-queue';

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
}

export async function recordFire(db: Db, fire: FireInput): Promise<RecordFireResult> {
  const channels = [...new Set(fire.channels)];
  const maxAttempts = fire.maxAttempts ?? DEFAULT_DELIVERY_MAX_ATTEMPTS;
  return db.$transaction(async (tx) => {
    // ON CONFLICT DO NOTHING: a concurrent insert of the same key waits for the other
    // transaction and then skips (or inserts, if that one rolled back).
    const [row] = await tx.alertFire.createManyAndReturn({
      data: [
        {
          ruleId: fire.ruleId,
          userId: fire.userId,
          barTime: fire.barTime,
          trigger: fire.trigger,
          price: fire.price,
          message: fire.message,
          values: fire.values,
        },
      ],
      skipDuplicates: true,
      select: { id: true, firedAt: true },
    });
    if (!row) return { inserted: false, fireId: null };

    const deliveries = await tx.alertDelivery.createManyAndReturn({
      data: channels.map((channel) => ({ fireId: row.id, userId: fire.userId, channel })),
      select: { id: true },
    });
    for (const { id } of deliveries) {
      // job_key = the delivery id: re-adding the job for a delivery replaces it, never doubles it.
      await tx.$executeRawUnsafe(
        `SELECT ${QUEUE_SCHEMA}.add_job($1::text, json_build_object('deliveryId', $2::text),
                job_key => $2::text, max_attempts => $3::int)`,
        ALERT_DELIVERY_TASK,
        id,
        maxAttempts,
      );
    }

    // Raw SQL, so that Prisma's @updatedAt does not move: updatedAt says when the user last
    // changed the rule, which the worker's catch-up after a restart relies on.
    // Only an active `once` rule moves to triggered (a rule paused meanwhile stays paused);
    // version tells the worker and open tabs that the status changed.
    await tx.$executeRaw`
      UPDATE "AlertRule"
      SET "lastFiredAt" = ${row.firedAt},
          "fireCount" = "fireCount" + 1,
          "status" = CASE WHEN ${fire.once} AND "status" = 'active'
                          THEN 'triggered'::"AlertStatus" ELSE "status" END,
          "version" = CASE WHEN ${fire.once} AND "status" = 'active'
                           THEN "version" + 1 ELSE "version" END
      WHERE "id" = ${fire.ruleId}`;
    return { inserted: true, fireId: row.id };
  });
}
