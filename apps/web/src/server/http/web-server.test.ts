// The web server in front of Next, over real HTTP on loopback: which client address and locality
// reach the app (forged headers from an untrusted peer change nothing; a trusted proxy's hop
// counts), the body limit, the security headers, and the upgrade hand-off.
import { type IncomingHttpHeaders, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { clientIp } from '~/server/auth/client-ip';
import { canReadMailbox } from '~/server/mailbox-access';
import { parseTrustedProxies } from './trust-proxy';
import { createWebServer, type WebServerOptions } from './web-server';

interface Seen {
  headers: IncomingHttpHeaders;
  bodyBytes: number;
}

let server: Server | undefined;
let seen: Seen[] = [];

async function start(overrides: Partial<WebServerOptions> = {}): Promise<number> {
  seen = [];
  server = createWebServer({
    // Stands in for Next: records what it was given and reads the whole body, as a route would.
    handle: async (req, res) => {
      let bodyBytes = 0;
      for await (const chunk of req) bodyBytes += (chunk as Buffer).length;
      seen.push({ headers: { ...req.headers }, bodyBytes });
      res.end('ok');
    },
    liveUpgrade: () => false,
    trust: parseTrustedProxies(undefined),
    maxBodyBytes: 64 * 1024,
    httpsOrigin: false,
    dev: false,
    ...overrides,
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

function send(
  port: number,
  opts: { method?: string; headers?: Record<string, string>; body?: Buffer[] } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/api/trpc/x',
        method: opts.method ?? 'GET',
        headers: opts.headers,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      },
    );
    // A server that refuses early may close while we still send: the answer is what counts.
    req.on('error', (err) =>
      err.message.includes('EPIPE') || err.message.includes('ECONNRESET') ? undefined : reject(err),
    );
    for (const chunk of opts.body ?? []) req.write(chunk);
    req.end();
  });
}

const headersOf = (h: IncomingHttpHeaders) =>
  new Headers(Object.entries(h).map(([k, v]) => [k, String(v)] as [string, string]));

describe('client address', () => {
  it('is the TCP peer when no proxy is trusted: forged headers change nothing', async () => {
    const port = await start();
    for (let i = 0; i < 3; i++) {
      await send(port, {
        headers: {
          'x-forwarded-for': `198.51.100.${i}`,
          'x-real-ip': '198.51.100.77',
          'x-coinview-client-ip': '203.0.113.5',
          'x-coinview-client-local': '1',
        },
      });
    }
    const addresses = seen.map((s) => clientIp(headersOf(s.headers)));
    expect(addresses).toEqual(['127.0.0.1', '127.0.0.1', '127.0.0.1']);
    // The forwarding headers a stranger wrote do not reach the app at all.
    expect(seen[0]!.headers['x-forwarded-for']).toBeUndefined();
    expect(seen[0]!.headers['x-real-ip']).toBeUndefined();
    // A loopback peer forwarding for someone else (a local proxy nobody declared) is not local.
    expect(seen[0]!.headers['x-coinview-client-local']).toBe('0');
  });

  it('is local for a loopback peer that forwards nothing', async () => {
    const port = await start();
    await send(port);
    expect(clientIp(headersOf(seen[0]!.headers))).toBe('127.0.0.1');
    expect(seen[0]!.headers['x-coinview-client-local']).toBe('1');
  });

  it("takes a trusted proxy's hop, and stops at the first untrusted one", async () => {
    const port = await start({ trust: parseTrustedProxies('loopback') });
    await send(port, { headers: { 'x-forwarded-for': '203.0.113.9' } });
    // The client put 198.51.100.1 in its own header; the proxy appended the real peer.
    await send(port, { headers: { 'x-forwarded-for': '198.51.100.1, 203.0.113.9' } });
    expect(seen.map((s) => clientIp(headersOf(s.headers)))).toEqual(['203.0.113.9', '203.0.113.9']);
    expect(seen[0]!.headers['x-forwarded-for']).toBe('203.0.113.9'); // kept for a trusted proxy
    expect(seen[0]!.headers['x-coinview-client-local']).toBe('0');
  });

  it('trusts a number of hops, and refuses a malformed setting', async () => {
    const port = await start({ trust: parseTrustedProxies('2') });
    await send(port, { headers: { 'x-forwarded-for': '198.51.100.1, 203.0.113.9, 10.0.0.2' } });
    expect(clientIp(headersOf(seen[0]!.headers))).toBe('203.0.113.9');
    expect(() => parseTrustedProxies('10.0.0.0/99')).toThrow();
  });
});

describe('the local mailbox', () => {
  it('is readable only by a local client', async () => {
    const port = await start({ trust: parseTrustedProxies('loopback') });
    await send(port); // this machine
    await send(port, {
      headers: { 'x-forwarded-for': '203.0.113.9', 'x-coinview-client-local': '1' },
    });
    const [local, remote] = seen.map((s) => headersOf(s.headers));
    expect(canReadMailbox(local!, true)).toBe(true);
    expect(canReadMailbox(remote!, true)).toBe(false);
    expect(canReadMailbox(local!, false)).toBe(false); // mailbox off (Resend, or exposed)
  });
});

describe('request body limit', () => {
  it('refuses a declared body over the limit before reading it', async () => {
    const port = await start();
    const big = Buffer.alloc(200 * 1024, 1);
    const reply = await send(port, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(big.length) },
      body: [big],
    });
    expect(reply.status).toBe(413);
    expect(seen).toHaveLength(0); // the app never saw it
  });

  it('cuts off a chunked body once it passes the limit', async () => {
    const port = await start();
    const chunk = Buffer.alloc(16 * 1024, 1);
    const reply = await send(port, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      body: Array.from({ length: 20 }, () => chunk),
    });
    expect(reply.status).toBe(413);
    expect(seen.every((s) => s.bodyBytes <= 64 * 1024)).toBe(true);
  });

  it('lets bodies within the limit through whole', async () => {
    const port = await start();
    const chunk = Buffer.alloc(16 * 1024, 1);
    const chunked = await send(port, {
      method: 'POST',
      headers: { 'transfer-encoding': 'chunked' },
      body: [chunk, chunk],
    });
    const sized = await send(port, {
      method: 'POST',
      headers: { 'content-length': String(chunk.length) },
      body: [chunk],
    });
    expect([chunked.status, sized.status]).toEqual([200, 200]);
    expect(seen.map((s) => s.bodyBytes)).toEqual([32 * 1024, 16 * 1024]);
  });
});

describe('security headers', () => {
  it('sends a nonce CSP that Next also receives, and the other headers', async () => {
    const port = await start();
    const reply = await send(port, {
      headers: { 'content-security-policy': "script-src 'nonce-evil'" },
    });
    const csp = String(reply.headers['content-security-policy']);
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{24}' 'strict-dynamic'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(seen[0]!.headers['content-security-policy']).toBe(csp); // Next's nonce, not the client's
    expect(reply.headers).toMatchObject({
      'x-frame-options': 'DENY',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'strict-origin-when-cross-origin',
    });
    expect(String(reply.headers['permissions-policy'])).toContain('camera=()');
    expect(reply.headers['strict-transport-security']).toBeUndefined(); // plain http
    const other = await send(port);
    expect(other.headers['content-security-policy']).not.toBe(csp); // a fresh nonce per request
  });

  it('adds HSTS only for https: from a trusted proxy, never from a stranger', async () => {
    const port = await start({ trust: parseTrustedProxies('loopback') });
    const proxied = await send(port, { headers: { 'x-forwarded-proto': 'https' } });
    expect(proxied.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    await new Promise((resolve) => server!.close(resolve));
    const port2 = await start();
    const forged = await send(port2, { headers: { 'x-forwarded-proto': 'https' } });
    expect(forged.headers['strict-transport-security']).toBeUndefined();
  });
});

describe('upgrades', () => {
  it('offers each upgrade to the live handler first, with the client headers set', async () => {
    const upgrades: IncomingHttpHeaders[] = [];
    const port = await start({
      liveUpgrade: (req, socket) => {
        upgrades.push({ ...req.headers });
        socket.end('HTTP/1.1 101 Switching Protocols\r\n\r\n');
        return true;
      },
    });
    await new Promise<void>((resolve) => {
      const socket = connect(port, '127.0.0.1', () =>
        socket.write(
          'GET /api/live HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n' +
            'X-Forwarded-For: 198.51.100.3\r\nX-Coinview-Client-Ip: 198.51.100.4\r\n\r\n',
        ),
      );
      socket.on('close', () => resolve());
      socket.resume();
    });
    expect(upgrades).toHaveLength(1);
    expect(upgrades[0]!['x-coinview-client-ip']).toBe('127.0.0.1');
  });
});
