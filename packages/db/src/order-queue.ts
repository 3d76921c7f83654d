// The durable job that places one order (graphile-worker, like alert deliveries: see
// alert-queue.ts). The job is added in the same transaction that creates the PENDING order (a
// fire in alert-fires.ts, a ticket in orders.ts), so an order never exists without its job nor a
// job without its order. job_key = the order id: adding it again replaces, never doubles.
// queue_name = one queue per user: graphile-worker runs a named queue's jobs one at a time across
// every worker process, so a user's daily limits and paper balances are checked against orders
// that are not being placed at the same moment (different users still run in parallel), and a
// cancel never overtakes the placing of the order it cancels.
import type { Prisma } from './client';
import { QUEUE_SCHEMA } from './alert-queue';

export const PLACE_ORDER_TASK = 'place-order';

/** Cancels one open order at its broker; payload `{ orderId }` (see orders.ts requestOrderCancel). */
export const CANCEL_ORDER_TASK = 'cancel-order';

/**
 * Attempts of a place-order job. graphile-worker waits exp(attempts) seconds between them
 * (≈ 6 h in all for 10); the executor only lets a failure be retried while the exchange's answer
 * proves nothing was placed, and looks an unknown order up by its client id.
 */
export const DEFAULT_PLACE_ORDER_MAX_ATTEMPTS = 10;

export interface PlaceOrderJobPayload {
  orderId: string;
}

export function placeOrderQueueName(userId: string): string {
  return `place-order:${userId}`;
}

/** Adds the place-order job inside the caller's transaction. */
export async function addPlaceOrderJob(
  tx: Prisma.TransactionClient,
  order: { id: string; userId: string },
  options: { maxAttempts?: number; runAt?: Date } = {},
): Promise<void> {
  await tx.$executeRawUnsafe(
    `SELECT ${QUEUE_SCHEMA}.add_job($1::text, json_build_object('orderId', $2::text),
            queue_name => $3::text, run_at => $4::timestamptz, max_attempts => $5::int,
            job_key => $2::text)`,
    PLACE_ORDER_TASK,
    order.id,
    placeOrderQueueName(order.userId),
    options.runAt ?? null,
    options.maxAttempts ?? DEFAULT_PLACE_ORDER_MAX_ATTEMPTS,
  );
}

/**
 * Queues the placing of orders made together (a bar's fires, recorded in one transaction): one
 * place-orders job per MAX_ORDERS_PER_BATCH orders. The one entry point for fire orders.
 */
export async function addFireOrderJobs(
  tx: Prisma.TransactionClient,
  orders: readonly { id: string; userId: string }[],
): Promise<void> {
  if (orders.length > 0)
    await addPlaceOrdersJob(
      tx,
      orders.map((o) => o.id),
    );
}

/**
 * Adds the cancel-order job inside the caller's transaction, in the user's order queue: it runs
 * after any place-order job of that user still waiting, never beside it.
 */
export async function addCancelOrderJob(
  tx: Prisma.TransactionClient,
  order: { id: string; userId: string },
  options: { maxAttempts?: number } = {},
): Promise<void> {
  await tx.$executeRawUnsafe(
    `SELECT ${QUEUE_SCHEMA}.add_job($1::text, json_build_object('orderId', $2::text),
            queue_name => $3::text, max_attempts => $4::int, job_key => $5::text)`,
    CANCEL_ORDER_TASK,
    order.id,
    placeOrderQueueName(order.userId),
    options.maxAttempts ?? DEFAULT_PLACE_ORDER_MAX_ATTEMPTS,
    `cancel:${order.id}`,
  );
}

/**
 * Places many orders made at one moment (a bar's fires): payload `{ orderIds }`. One job instead
 * of one per order, so 1,000 users firing on one close cost one queue round trip, not 1,000. The
 * task sends every order that was never attempted and hands each one it cannot settle on the spot
 * (a lost answer, a retryable refusal, an order already attempted, one whose user has daily
 * limits or whose size depends on balances) to its own `place-order` job in the user's queue,
 * which carries the full look-up-before-resend logic. No queue name: the orders of many users.
 */
export const PLACE_ORDERS_TASK = 'place-orders';

/** The most orders one place-orders job carries (bigger batches are split by the caller). */
export const MAX_ORDERS_PER_BATCH = 1000;

/** Adds one place-orders job for these orders inside the caller's transaction. */
export async function addPlaceOrdersJob(
  tx: Prisma.TransactionClient,
  orderIds: readonly string[],
  options: { maxAttempts?: number } = {},
): Promise<void> {
  for (let i = 0; i < orderIds.length; i += MAX_ORDERS_PER_BATCH) {
    const chunk = orderIds.slice(i, i + MAX_ORDERS_PER_BATCH);
    await tx.$executeRawUnsafe(
      `SELECT ${QUEUE_SCHEMA}.add_job($1::text, json_build_object('orderIds', $2::text[]),
              max_attempts => $3::int)`,
      PLACE_ORDERS_TASK,
      chunk,
      options.maxAttempts ?? DEFAULT_PLACE_ORDER_MAX_ATTEMPTS,
    );
  }
}

/** Reads a place-orders payload; throws on anything that is not `{ orderIds: string[] }`. */
export function parsePlaceOrdersPayload(payload: unknown): { orderIds: string[] } {
  const ids = (payload as { orderIds?: unknown } | null)?.orderIds;
  if (
    !Array.isArray(ids) ||
    ids.length === 0 ||
    ids.length > MAX_ORDERS_PER_BATCH ||
    !ids.every((id) => typeof id === 'string' && id.length > 0 && id.length <= 64)
  )
    throw new Error('place-orders: payload has no orderIds');
  return { orderIds: ids as string[] };
}

/** Reads a job payload; throws on anything that is not `{ orderId: string }`. */
export function parsePlaceOrderPayload(payload: unknown): PlaceOrderJobPayload {
  const id = (payload as { orderId?: unknown } | null)?.orderId;
  if (typeof id !== 'string' || !id) throw new Error('place-order: payload has no orderId');
  return { orderId: id };
}

/** Order notices (fills, rejections): one job per event and channel; see apps/worker. */
export const ORDER_NOTICE_TASK = 'notify-order';

/**
 * Adds several order notice jobs in one statement (graphile-worker's add_jobs), inside the
 * caller's transaction; each key makes a replay one job.
 */
export async function addOrderNoticeJobs(
  tx: Prisma.TransactionClient,
  jobs: readonly { payload: Record<string, string>; jobKey: string }[],
): Promise<void> {
  if (jobs.length === 0) return;
  await tx.$executeRawUnsafe(
    `SELECT ${QUEUE_SCHEMA}.add_jobs(array(
       SELECT ($1::text, p, null, null, 10, k, null, null)::${QUEUE_SCHEMA}.job_spec
       FROM unnest($2::json[], $3::text[]) AS t(p, k)))`,
    ORDER_NOTICE_TASK,
    jobs.map((j) => JSON.stringify(j.payload)),
    jobs.map((j) => j.jobKey),
  );
}
