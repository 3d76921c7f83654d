// Recording a rule's fire and queueing its deliveries — and, when the rule carries an order action,
// its PENDING order and place-order job — atomically. The unique (ruleId, barTime)
// key makes a fire happen at most once per bar whoever records it (a restarted worker, a replayed
// candle, a second worker); the delivery jobs are added with graphile-worker's SQL API inside the
// same transaction, so a fire is never stored without its jobs nor a job queued for a fire that
// rolled back.
import { clientOrderIdForFire } from '@coinview/core/trading/client-order-id';
import { orderActionSchema } from '@coinview/core/trading/order-action';
import type { Db, Prisma } from './client';
import { ALERT_DELIVERY_TASK, DEFAULT_DELIVERY_MAX_ATTEMPTS, QUEUE_SCHEMA } from './alert-queue';
import { addFireOrderJobs } from './order-queue';

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
 * Creates the fire's order and its job in the fire's transaction. An action that cannot become an
 * order (unreadable, or its exchange key was deleted) is still recorded, as REJECTED with the
 * reason, so the trader sees why nothing was traded; the fire is never lost over it.
 */
async function createFireOrder(
  tx: Prisma.TransactionClient,
  fire: { id: string; userId: string; ruleId: string; price: string },
  rule: { name: string; symbol: string; orderAction: Prisma.JsonValue },
): Promise<string> {
  // Checked again at fire time with the schema the router wrote it with: a stored action that no
  // longer reads is recorded as a refusal, never sent.
  const parsed = orderActionSchema.safeParse(rule.orderAction);
  let rejectReason: string | null = null;
  let account: { kind: 'paper' } | { kind: 'binance'; keyId: string } = { kind: 'paper' };
  if (!parsed.success) {
    rejectReason = 'The alert’s order action is not valid; edit the alert to trade again.';
  } else {
    account = parsed.data.account;
    if (account.kind === 'binance') {
      const key = await tx.exchangeKey.findFirst({
        where: { id: account.keyId, userId: fire.userId },
        select: { id: true },
      });
      if (!key)
        rejectReason =
          'The exchange key of this alert’s order was deleted; choose another account.';
    }
  }
  const order = await tx.order.create({
    data: {
      userId: fire.userId,
      accountKind: account.kind,
      exchangeKeyId: account.kind === 'binance' && !rejectReason ? account.keyId : null,
      accountKey: account.kind === 'binance' ? account.keyId : 'paper',
      source: 'alert',
      ruleId: fire.ruleId,
      ruleName: rule.name,
      fireId: fire.id,
      clientOrderId: clientOrderIdForFire(fire.id),
      symbol: rule.symbol,
      side: parsed.success ? parsed.data.side : 'BUY',
      type: parsed.success ? parsed.data.type : 'MARKET',
      action: rule.orderAction ?? undefined,
      referencePrice: fire.price,
      ...(rejectReason ? { status: 'REJECTED' as const, rejectReason } : {}),
    },
    select: { id: true },
  });
  if (!rejectReason) await addFireOrderJobs(tx, [{ id: order.id, userId: fire.userId }]);
  return order.id;
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
    if (!row) return { inserted: false, fireId: null, orderId: null };

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
    // RETURNING the rule's order action as it is in this transaction: the order is made from
    // what the rule says at the moment it fired, with no extra query for rules without one.
    const [rule] = await tx.$queryRaw<
      { name: string; symbol: string; orderAction: Prisma.JsonValue }[]
    >`
      UPDATE "AlertRule"
      SET "lastFiredAt" = ${row.firedAt},
          "fireCount" = "fireCount" + 1,
          "status" = CASE WHEN ${fire.once} AND "status" = 'active'
                          THEN 'triggered'::"AlertStatus" ELSE "status" END,
          "version" = CASE WHEN ${fire.once} AND "status" = 'active'
                           THEN "version" + 1 ELSE "version" END
      WHERE "id" = ${fire.ruleId}
      RETURNING "name", "symbol", "orderAction"`;
    const orderId =
      rule && rule.orderAction !== null
        ? await createFireOrder(
            tx,
            { id: row.id, userId: fire.userId, ruleId: fire.ruleId, price: fire.price },
            rule,
          )
        : null;
    return { inserted: true, fireId: row.id, orderId };
  });
}
