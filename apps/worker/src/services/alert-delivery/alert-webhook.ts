// An alert as a JSON POST to the user's webhook (to bridge to SMS/Telegram/Discord…). Signed like
// the settings page's "Send test": `X-Coinview-Timestamp: <unix s>` and `X-Coinview-Signature:
// sha256=<hex HMAC-SHA256 of "<timestamp>.<exact body>">` with the user's webhook secret. The
// request goes through @coinview/webhooks/post: the host's addresses are checked against the
// SSRF policy right before and the connection pinned to the checked one. Delivery is at least once (a
// receiver may see a retry of a request whose answer was lost): `X-Coinview-Delivery` carries the
// delivery id for receivers that deduplicate.
import { postSignedWebhook, type WebhookAnswer, WebhookSendError } from '@coinview/webhooks/post';
import type { WebhookPolicy } from '@coinview/webhooks/url-policy';
import { DeliveryError } from './delivery-error';
import type { DeliveryContext } from '@coinview/db/alert-deliveries';

export const WEBHOOK_TIMEOUT_MS = 10_000;

export interface AlertWebhookBody {
  alert: string;
  alertId: string;
  fireId: string;
  symbol: string;
  interval: string;
  close: string;
  message: string;
  firedAt: string;
  barTime: string;
  values: Record<string, number>;
}

export function alertWebhookBody(ctx: DeliveryContext): AlertWebhookBody {
  return {
    alert: ctx.rule.name,
    alertId: ctx.rule.id,
    fireId: ctx.fire.id,
    symbol: ctx.rule.symbol,
    interval: ctx.rule.interval,
    close: ctx.fire.price,
    message: ctx.fire.message,
    firedAt: ctx.fire.firedAt.toISOString(),
    barTime: ctx.fire.barTime.toISOString(),
    values: ctx.fire.values,
  };
}

/** A status that will not change on retry: client errors except timeout and rate limit. */
function isPermanent(status: number): boolean {
  return status >= 400 && status < 500 && status !== 408 && status !== 429;
}

/** POSTs the alert; returns the receiver's status ("HTTP 204") as the provider reference. */
export async function postAlertWebhook(
  ctx: DeliveryContext,
  options: { timeoutMs?: number; policy?: WebhookPolicy; now?: number } = {},
): Promise<string> {
  const url = ctx.settings?.webhookUrl;
  if (!url || !ctx.settings) throw new DeliveryError('no webhook URL configured', true);
  let answer: WebhookAnswer;
  try {
    answer = await postSignedWebhook({
      url,
      secret: ctx.settings.webhookSecret,
      body: JSON.stringify(alertWebhookBody(ctx)),
      policy: options.policy ?? { allowLoopback: false },
      timeoutMs: options.timeoutMs ?? WEBHOOK_TIMEOUT_MS,
      headers: { 'x-coinview-delivery': ctx.delivery.id },
      now: options.now,
    });
  } catch (err) {
    // Not permanent, a private address included: DNS may answer differently later.
    if (err instanceof WebhookSendError)
      throw new DeliveryError(`webhook request failed: ${err.message}`, false);
    throw err;
  }
  if (answer.status >= 200 && answer.status < 300) return `HTTP ${answer.status}`;
  throw new DeliveryError(
    `webhook answered HTTP ${answer.status}${answer.text ? `: ${answer.text}` : ''}`,
    isPermanent(answer.status),
  );
}
