// "Send test" for the webhook settings: one signed JSON POST made exactly like an alert delivery
// (@coinview/webhooks/post: the URL checked against the SSRF policy, the host's addresses
// checked and the connection pinned to them, no redirects followed, the same signature).
import { postSignedWebhook, WebhookSendError } from '@coinview/webhooks/post';
import { checkWebhookUrl, type WebhookPolicy } from '@coinview/webhooks/url-policy';

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
  const timeoutMs = opts.timeoutMs ?? 5000;
  const now = opts.now ?? Date.now();
  const body = JSON.stringify({
    type: 'test',
    symbol: 'BTCUSDT',
    interval: '1h',
    message: 'Test from Coinview: your webhook works.',
    sentAt: new Date(Math.floor(now / 1000) * 1000).toISOString(),
  });
  try {
    const answer = await postSignedWebhook({
      url: opts.url,
      secret: opts.secret,
      body,
      policy: opts.policy,
      timeoutMs,
      now,
    });
    return answer.status >= 200 && answer.status < 300
      ? { ok: true, status: answer.status, error: null }
      : { ok: false, status: answer.status, error: `The server answered HTTP ${answer.status}` };
  } catch (err) {
    if (!(err instanceof WebhookSendError)) throw err;
    const error =
      err.kind === 'timeout'
        ? `No answer within ${Math.round(timeoutMs / 1000)} seconds`
        : err.kind === 'network'
          ? `Could not connect to ${new URL(opts.url).host}`
          : err.message;
    return { ok: false, status: null, error };
  }
}
