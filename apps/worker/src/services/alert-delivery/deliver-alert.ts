// The `deliver-alert` task: one attempt at one AlertDelivery (payload { deliveryId }). It records
// every attempt on the row the user sees (status, attempts, lastError, providerRef, deliveredAt);
// a retryable failure throws so that graphile-worker runs it again with its exponential backoff
// (exp(attempts) seconds); a permanent failure, or one on the last attempt, marks the row failed
// and completes the job.
//
// Effects are made safe against repeats: a delivery already `sent` is skipped; email carries a
// provider idempotency key; the in-app notification is unique per fire and is published only by
// the attempt that marks the delivery sent.
import type { EventPublisher } from '@coinview/core/ports';
import type { Db } from '@coinview/db/client';
import {
  type DeliveryContext,
  loadDelivery,
  markDeliverySent,
  recordDeliveryFailure,
} from '@coinview/db/alert-deliveries';
import { type DeliveryJobPayload, delayJobRetry } from '@coinview/db/alert-queue';
import { notificationTopic } from '@coinview/db/bus-topics';
import type { JobHelpers, Task } from 'graphile-worker';
import type { Logger } from 'pino';
import { type AlertEmailSender, sendAlertEmail } from './alert-email';
import { ensureNotification } from './alert-inapp';
import type { WebhookPolicy } from '@coinview/webhooks/url-policy';
import { postAlertWebhook } from './alert-webhook';
import type { TelegramApi } from '../../adapters/telegram';
import { sendAlertTelegram } from './alert-telegram';
import { DeliveryError } from './delivery-error';

export interface DeliverAlertDeps {
  db: Db;
  bus: EventPublisher;
  email: AlertEmailSender;
  logger: Logger;
  webhookTimeoutMs?: number;
  /** SSRF policy checked against the webhook host's addresses before each request. */
  webhookPolicy?: WebhookPolicy;
  /** The bot that sends Telegram messages; unset when TELEGRAM_BOT_TOKEN is not configured. */
  telegram?: TelegramApi;
}

function parsePayload(payload: unknown): DeliveryJobPayload {
  const id = (payload as { deliveryId?: unknown } | null)?.deliveryId;
  if (typeof id !== 'string' || !id) throw new Error('deliver-alert: payload has no deliveryId');
  return { deliveryId: id };
}

async function attempt(
  deps: DeliverAlertDeps,
  ctx: DeliveryContext,
): Promise<{ providerRef: string; afterSent?: () => Promise<void> }> {
  switch (ctx.delivery.channel) {
    case 'email':
      return { providerRef: await sendAlertEmail(deps.db, deps.email, ctx) };
    case 'webhook':
      return {
        providerRef: await postAlertWebhook(ctx, {
          timeoutMs: deps.webhookTimeoutMs,
          policy: deps.webhookPolicy,
        }),
      };
    case 'telegram':
      return { providerRef: await sendAlertTelegram(deps.telegram, ctx) };
    case 'inapp': {
      const message = await ensureNotification(deps.db, ctx);
      return {
        providerRef: message.id,
        afterSent: () => deps.bus.publish(notificationTopic(ctx.delivery.userId), message),
      };
    }
  }
}

export function createDeliverAlertTask(deps: DeliverAlertDeps): Task {
  return async (payload: unknown, helpers: JobHelpers) => {
    const { deliveryId } = parsePayload(payload);
    const { attempts, max_attempts: maxAttempts } = helpers.job; // attempts counts this one
    const log = deps.logger.child({ deliveryId, attempt: attempts });
    const ctx = await loadDelivery(deps.db, deliveryId);
    if (!ctx) {
      log.info('delivery no longer exists (alert deleted); dropping the job');
      return;
    }
    if (ctx.delivery.status !== 'pending') {
      log.info({ status: ctx.delivery.status }, 'delivery already settled; nothing to do');
      return;
    }
    const channel = ctx.delivery.channel;
    try {
      const { providerRef, afterSent } = await attempt(deps, ctx);
      // Only the attempt that moves the row from pending to sent runs afterSent (the bus message).
      const settledNow = await markDeliverySent(deps.db, deliveryId, { attempts, providerRef });
      if (settledNow && afterSent) {
        await afterSent().catch((err: unknown) =>
          log.warn({ err }, 'delivered, but the live message could not be published'),
        );
      }
      log.info({ channel, providerRef }, 'alert delivered');
    } catch (err) {
      const message = (err instanceof Error ? err.message : String(err)).slice(0, 2000);
      const permanent = err instanceof DeliveryError && err.permanent;
      const last = permanent || attempts >= maxAttempts;
      await recordDeliveryFailure(deps.db, deliveryId, {
        attempts,
        lastError: message,
        final: last,
      });
      if (last) {
        log.warn({ channel, err: message, permanent }, 'alert delivery failed; giving up');
        return;
      }
      // Throttled with a stated wait (Telegram's retry_after): the next attempt is not sooner.
      if (err instanceof DeliveryError && err.retryAfterMs !== null)
        await delayJobRetry(deps.db, helpers.job.id, err.retryAfterMs);
      log.warn({ channel, err: message }, 'alert delivery failed; will retry');
      throw err;
    }
  };
}
