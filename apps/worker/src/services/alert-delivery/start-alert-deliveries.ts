// Runs the durable queue's `deliver-alert` jobs (added by @coinview/db/alert-fires' recordFire in
// the fire's own transaction) on graphile-worker. Wire it in main.ts:
//   const deliveries = await startAlertDeliveries({ connectionString: url, db, bus, email, logger });
//   … on shutdown: await deliveries.stop();  (waits for running attempts to finish)
import type { WebhookPolicy } from '@coinview/webhooks/url-policy';
import type { EventPublisher } from '@coinview/core/ports';
import { ALERT_DELIVERY_TASK, QUEUE_SCHEMA, releaseTaskLocks } from '@coinview/db/alert-queue';
import type { Db } from '@coinview/db/client';
import { Logger as QueueLogger, run } from 'graphile-worker';
import type { Logger } from 'pino';
import { ResendMailer } from '../../adapters/resend-mailer';
import type { TelegramApi } from '../../adapters/telegram';
import type { AlertEmailSender } from './alert-email';
import { createDeliverAlertTask } from './deliver-alert';

export interface AlertDeliveriesOptions {
  connectionString: string;
  db: Db;
  bus: EventPublisher;
  email: { transport: 'resend' | 'mailbox'; apiKey?: string; baseUrl?: string; from: string };
  logger: Logger;
  /** Attempts running at once (default 4). */
  concurrency?: number;
  /** How often to look for retries that became due (ms, default graphile-worker's 2000). */
  pollInterval?: number;
  webhookTimeoutMs?: number;
  /** Which webhook addresses may be called (loopback only outside production). */
  webhookPolicy?: WebhookPolicy;
  /** Sends Telegram messages (TELEGRAM_BOT_TOKEN); unset: telegram deliveries fail as unconfigured. */
  telegram?: TelegramApi;
  /**
   * Release, before starting, the delivery jobs still locked by workers that died (killed
   * without a graceful stop); otherwise graphile-worker retries them only after its 4-hour lock
   * expiry. Safe only when this is the one delivery process (the default deployment): it cannot
   * tell a dead worker from another live process. A released job that was in fact mid-send is
   * repeat-safe (Resend idempotency key, unique in-app notification; a webhook may see it twice).
   */
  releaseLocksAtStart?: boolean;
}

export interface AlertDeliveries {
  stop(): Promise<void>;
}

function emailSender(email: AlertDeliveriesOptions['email']): AlertEmailSender {
  if (email.transport === 'mailbox') return { transport: 'mailbox', from: email.from };
  if (!email.apiKey) throw new Error('alert deliveries: the resend transport needs an API key');
  return {
    transport: 'resend',
    from: email.from,
    mailer: new ResendMailer({ apiKey: email.apiKey, baseUrl: email.baseUrl }),
  };
}

/** graphile-worker's own log lines through pino (its chatty info lines at debug). */
function queueLogger(logger: Logger): QueueLogger {
  return new QueueLogger(() => (level, message, meta) => {
    const fields = { queue: meta };
    // LogLevel is an ambient const enum of strings, whose members isolatedModules cannot read.
    const severity: string = level;
    if (severity === 'error') logger.error(fields, message);
    else if (severity === 'warning') logger.warn(fields, message);
    else logger.debug(fields, message);
  });
}

export async function startAlertDeliveries(opts: AlertDeliveriesOptions): Promise<AlertDeliveries> {
  const task = createDeliverAlertTask({
    db: opts.db,
    bus: opts.bus,
    email: emailSender(opts.email),
    logger: opts.logger,
    webhookTimeoutMs: opts.webhookTimeoutMs,
    webhookPolicy: opts.webhookPolicy,
    telegram: opts.telegram,
  });
  if (opts.releaseLocksAtStart) {
    const workers = await releaseTaskLocks(opts.db, ALERT_DELIVERY_TASK);
    if (workers.length > 0)
      opts.logger.warn({ workers }, 'released deliveries left locked by stopped workers');
  }
  const runner = await run({
    connectionString: opts.connectionString,
    schema: QUEUE_SCHEMA,
    concurrency: opts.concurrency ?? 4,
    pollInterval: opts.pollInterval,
    noHandleSignals: true, // main.ts owns the signal handling and stops us in order
    logger: queueLogger(opts.logger),
    taskList: { [ALERT_DELIVERY_TASK]: task },
  });
  opts.logger.info(
    { concurrency: opts.concurrency ?? 4, email: opts.email.transport },
    'alert deliveries started',
  );
  let stopped: Promise<void> | undefined;
  return {
    stop: () =>
      (stopped ??= (async () => {
        await runner.stop();
        opts.logger.info('alert deliveries stopped');
      })()),
  };
}
