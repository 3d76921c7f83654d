// Test double of Resend's HTTP API (POST /emails) on 127.0.0.1 for the real Resend SDK, with
// Resend's idempotency semantics: a request whose Idempotency-Key was already accepted returns
// the first email's id and sends nothing. It counts what a recipient would get: `delivered` has
// one entry per email actually sent.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeResendOptions {
  /** Request number (1-based) → an error status to answer instead of sending, or null. */
  fail?: (request: number) => 429 | 500 | 422 | null;
  /** Send the email, then drop the connection without answering (the answer is lost). */
  loseAnswer?: (idempotencyKey: string, request: number) => boolean;
  /** Send the email, then never answer (the sender is killed while it waits). */
  holdAnswer?: (idempotencyKey: string, request: number) => boolean;
}

export interface FakeResend {
  url: string;
  /** Every POST /emails: status answered (0 when the answer was dropped) and its key. */
  requests: { key: string; status: number; authorization: string | undefined }[];
  /** Emails actually sent, in order. */
  delivered: { id: string; key: string; to: string; subject: string; text: string }[];
  close(): Promise<void>;
}

export async function startFakeResend(options: FakeResendOptions = {}): Promise<FakeResend> {
  const requests: FakeResend['requests'] = [];
  const delivered: FakeResend['delivered'] = [];
  const byKey = new Map<string, string>();
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      const key = String(req.headers['idempotency-key'] ?? '');
      const n = requests.length + 1;
      const answer = (status: number, body: unknown) => {
        requests.push({ key, status, authorization: req.headers.authorization });
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.method !== 'POST' || req.url !== '/emails')
        return answer(404, { statusCode: 404, name: 'not_found', message: 'no route' });
      const failure = options.fail?.(n) ?? null;
      if (failure === 429)
        return answer(429, {
          statusCode: 429,
          name: 'rate_limit_exceeded',
          message: 'Too many requests',
        });
      if (failure === 500)
        return answer(500, { statusCode: 500, name: 'internal_server_error', message: 'boom' });
      if (failure === 422)
        return answer(422, {
          statusCode: 422,
          name: 'validation_error',
          message: 'Invalid `to` field.',
        });
      const known = key ? byKey.get(key) : undefined;
      let id = known;
      if (!id) {
        const body = JSON.parse(raw || '{}') as { to?: string; subject?: string; text?: string };
        id = `re_${delivered.length + 1}`;
        if (key) byKey.set(key, id);
        delivered.push({
          id,
          key,
          to: String(body.to ?? ''),
          subject: String(body.subject ?? ''),
          text: String(body.text ?? ''),
        });
      }
      if (options.loseAnswer?.(key, n)) {
        requests.push({ key, status: 0, authorization: req.headers.authorization });
        req.socket.destroy();
        return;
      }
      if (options.holdAnswer?.(key, n)) {
        requests.push({ key, status: 0, authorization: req.headers.authorization });
        return;
      }
      answer(200, { id });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    delivered,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
