import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postSignedWebhook, WebhookSendError } from './post';

interface Hit {
  headers: IncomingHttpHeaders;
  body: string;
}
const hits: Hit[] = [];
let server: Server;
let port: number;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      hits.push({ headers: req.headers, body });
      if (req.url === '/slow') return; // never answers
      if (req.url === '/redirect') {
        res.writeHead(302, { location: 'http://127.0.0.1:1/elsewhere' }).end();
        return;
      }
      res.writeHead(req.url === '/down' ? 503 : 204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const send = (path: string, opts: { host?: string; allowLoopback?: boolean; timeoutMs?: number }) =>
  postSignedWebhook({
    url: `http://${opts.host ?? '127.0.0.1'}:${port}${path}`,
    secret: 'shh',
    body: '{"alert":"x"}',
    policy: { allowLoopback: opts.allowLoopback ?? true },
    timeoutMs: opts.timeoutMs ?? 2000,
    now: 1_764_000_000_000,
  });

describe('postSignedWebhook', () => {
  it('posts the body signed over "<timestamp>.<body>" and returns the status', async () => {
    hits.length = 0;
    expect(await send('/hook', {})).toEqual({ status: 204, text: '' });
    const [hit] = hits;
    expect(hit!.body).toBe('{"alert":"x"}');
    expect(hit!.headers['x-coinview-timestamp']).toBe('1764000000');
    const expected = createHmac('sha256', 'shh').update('1764000000.{"alert":"x"}').digest('hex');
    expect(hit!.headers['x-coinview-signature']).toBe(`sha256=${expected}`);
    expect(hit!.headers['content-type']).toBe('application/json');
  });

  it('reaches a host name through its checked addresses ("localhost" → 127.0.0.1 here)', async () => {
    expect((await send('/hook', { host: 'localhost' })).status).toBe(204);
  });

  it('refuses a host that resolves to a forbidden address, without connecting', async () => {
    hits.length = 0;
    const err = await send('/hook', { host: 'localhost', allowLoopback: false }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(WebhookSendError);
    expect((err as WebhookSendError).kind).toBe('forbidden');
    const literal = await send('/hook', { allowLoopback: false }).catch((e: unknown) => e);
    expect((literal as WebhookSendError).kind).toBe('forbidden');
    expect(hits).toHaveLength(0);
  });

  it('reports an error status, does not follow redirects, and gives up on a silent server', async () => {
    expect((await send('/down', {})).status).toBe(503);
    hits.length = 0;
    expect((await send('/redirect', {})).status).toBe(302);
    expect(hits).toHaveLength(1);
    const err = await send('/slow', { timeoutMs: 200 }).catch((e: unknown) => e);
    expect((err as WebhookSendError).kind).toBe('timeout');
  });
});
