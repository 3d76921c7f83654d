// Runs the durable queue's `place-order` jobs on graphile-worker (one queue per user, so a user's
// limits and balances are checked against one order at a time; users run in parallel), the
// `place-orders` batches of a bar's fires (./place-orders.ts) and the `cancel-order` jobs. Jobs left
// locked by a worker that died are released at start: the task looks an order up by its client id
// before it could ever send it again, so running it once more is safe.
import { QUEUE_SCHEMA, releaseTaskLocks } from '@coinview/db/alert-queue';
import { CANCEL_ORDER_TASK, PLACE_ORDERS_TASK, PLACE_ORDER_TASK } from '@coinview/db/order-queue';
import { Logger as QueueLogger, run } from 'graphile-worker';
import type { Logger } from 'pino';
import { type NotifyOrderDeps, createNotifyOrderTask } from '../order-notifications/notify-order';
import { ORDER_NOTICE_TASK } from '../order-notifications/order-notice-queue';
import { createCancelOrderTask } from './cancel-order';
import { type PlaceOrderDeps, createPlaceOrderTask } from './place-order';
import { createPlaceOrdersTask } from './place-orders';

export interface OrderExecutorOptions extends PlaceOrderDeps {
  connectionString: string;
  /** Orders placed at once (default 8). */
  concurrency?: number;
  pollInterval?: number;
  /** Release place-order jobs locked by stopped workers (the default deployment: one worker). */
  releaseLocksAtStart?: boolean;
  /** Runs the order notices (fills, rejections) on the user's channels; unset: not run here. */
  notices?: Omit<NotifyOrderDeps, 'db' | 'logger'>;
}

export interface OrderExecutor {
  stop(): Promise<void>;
}

function queueLogger(logger: Logger): QueueLogger {
  return new QueueLogger(() => (level, message, meta) => {
    const severity: string = level;
    if (severity === 'error') logger.error({ queue: meta }, message);
    else if (severity === 'warning') logger.warn({ queue: meta }, message);
    else logger.debug({ queue: meta }, message);
  });
}

export async function startOrderExecutor(opts: OrderExecutorOptions): Promise<OrderExecutor> {
  if (opts.releaseLocksAtStart) {
    const workers = await releaseTaskLocks(
      opts.db,
      PLACE_ORDER_TASK,
      PLACE_ORDERS_TASK,
      CANCEL_ORDER_TASK,
    );
    if (workers.length > 0)
      opts.logger.warn({ workers }, 'released orders left locked by stopped workers');
  }
  const runner = await run({
    connectionString: opts.connectionString,
    schema: QUEUE_SCHEMA,
    concurrency: opts.concurrency ?? 8,
    pollInterval: opts.pollInterval,
    noHandleSignals: true,
    logger: queueLogger(opts.logger),
    taskList: {
      [PLACE_ORDER_TASK]: createPlaceOrderTask(opts),
      [PLACE_ORDERS_TASK]: createPlaceOrdersTask(opts),
      [CANCEL_ORDER_TASK]: createCancelOrderTask(opts),
      ...(opts.notices
        ? {
            [ORDER_NOTICE_TASK]: createNotifyOrderTask({
              ...opts.notices,
              db: opts.db,
              logger: opts.logger,
            }),
          }
        : {}),
    },
  });
  opts.logger.info({ concurrency: opts.concurrency ?? 8 }, 'order executor started');
  let stopped: Promise<void> | undefined;
  return {
    stop: () =>
      (stopped ??= (async () => {
        await runner.stop();
        opts.logger.info('order executor stopped');
      })()),
  };
}
