// "Send test" for the webhook settings: one signed JSON POST, with the same SSRF rules as real
// deliveries — the host name is resolved first and every address it resolves to must be allowed
// (a public name can point at 127.0.0.1), and redirects are not followed.
import {
  checkResolvedHost,
  checkWebhookUrl,
  SIGNATURE_HEADER,
  signWebhookBody,
  TIMESTAMP_HEADER,
  type WebhookPolicy,
} from '@coinview/db/webhook-url';

export { SIGNATURE_HEADER, signWebhookBody, TIMESTAMP_HEADER };

export interface WebhookTestResult {
  ok: boolean;
  status: number | null;
  error: string | null;
}

export async function sendTestWebhook(opts: {
  url: string;
  secret: string;
  policy: WebhookPolicy;
  timeoutMs?: number;
  now?: number;
}): Promise<WebhookTestResult> {
  const problem = checkWebhookUrl(opts.url, opts.policy);
  if (problem) return { ok: false, status: null, error: problem };
  const unreachable = await checkResolvedHost(opts.url, opts.policy);
  if (unreachable) return { ok: false, status: null, error: unreachable };
  const url = new URL(opts.url);

  const timestamp = Math.floor((opts.now ?? Date.now()) / 1000);
  const body = JSON.stringify({
    type: 'test',
    symbol: 'BTCUSDT',
    interval: '1h',
    message: 'Test from Coinview: your webhook works.',
    sentAt: new Date(timestamp * 1000).toISOString(),
  });
  try {
    const res = await fetch(url, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Coinview-Webhook/1',
        [TIMESTAMP_HEADER]: String(timestamp),
        [SIGNATURE_HEADER]: signWebhookBody(opts.secret, timestamp, body),
      },
      body,
      signal: AbortSignal.timeout(opts.timeoutMs ?? 5000),
    });
    await res.body?.cancel();
    return res.ok
      ? { ok: true, status: res.status, error: null }
      : { ok: false, status: res.status, error: `The server answered HTTP ${res.status}` };
  } catch (err) {
    const timedOut = err instanceof Error && err.name === 'TimeoutError';
    return {
      ok: false,
      status: null,
      error: timedOut ? 'No answer within 5 seconds' : `Could not connect to ${url.host}`,
    };
  }
}
