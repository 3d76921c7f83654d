// An alert as a JSON POST to the user's webhook (to bridge to SMS/Telegram/Discord…). Signed like
// the settings page's "Send test": `X-Coinview-Timestamp: <unix s>` and `X-Coinview-Signature:
// sha256=<hex HMAC-SHA256 of "<timestamp>.<exact body>">` with the user's webhook secret. Before
// each request the host is resolved and every address checked against the SSRF policy (a public
// name can be pointed at a private address after the URL was saved). Delivery is at least once (a
// receiver may see a retry of a request whose answer was lost): `X-Coinview-Delivery` carries the
// delivery id for receivers that deduplicate.
import {
  checkResolvedHost,
  SIGNATURE_HEADER,
  signWebhookBody,
  TIMESTAMP_HEADER,
  type WebhookPolicy,
} from '@coinview/db/webhook-url';
import { DeliveryError } from './delivery-error';
import type { DeliveryContext } from './load-delivery';

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
  // DNS may answer differently later: not permanent.
  const unreachable = await checkResolvedHost(url, options.policy ?? { allowLoopback: false });
  if (unreachable) throw new DeliveryError(`webhook not sent: ${unreachable}`, false);
  const body = JSON.stringify(alertWebhookBody(ctx));
  const timestamp = Math.floor((options.now ?? Date.now()) / 1000);
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Coinview-Webhook/1',
        [TIMESTAMP_HEADER]: String(timestamp),
        [SIGNATURE_HEADER]: signWebhookBody(ctx.settings.webhookSecret, timestamp, body),
        'x-coinview-delivery': ctx.delivery.id,
      },
      body,
      signal: AbortSignal.timeout(options.timeoutMs ?? WEBHOOK_TIMEOUT_MS),
    });
  } catch (err) {
    const reason =
      err instanceof Error && err.name === 'TimeoutError'
        ? `no answer within ${options.timeoutMs ?? WEBHOOK_TIMEOUT_MS} ms`
        : err instanceof Error
          ? `${err.message}${err.cause instanceof Error ? `: ${err.cause.message}` : ''}`
          : String(err);
    throw new DeliveryError(`webhook request failed: ${reason}`, false);
  }
  // The answer's body is not used; read it so the connection is released.
  const text = (await response.text().catch(() => '')).slice(0, 200);
  if (response.ok) return `HTTP ${response.status}`;
  throw new DeliveryError(
    `webhook answered HTTP ${response.status}${text ? `: ${text}` : ''}`,
    isPermanent(response.status),
  );
}
