// The live connection end to end below the browser: a real http server whose `upgrade` goes to
// the live server, tRPC's own WebSocket client (over the `ws` library, which can send Origin and
// Cookie), the real routers on a real Postgres with a real LISTEN/NOTIFY bus, tickers from the
// exchange-sim, and sessions decided by the app's next-auth configuration from the cookie a
// password sign-in through next-auth's own endpoints sets.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Candle } from '@coinview/core/candle';
import type { Ticker } from '@coinview/core/ticker';
import { PgBus } from '@coinview/db/bus';
import { upsertCandles } from '@coinview/db/candles';
import { revokeSession } from '@coinview/db/sessions';
import { createTestDatabase, type TestDatabase } from '@coinview/db/testing';
import { BinanceRestClient } from '@coinview/exchange/rest';
import { type ExchangeSim, startExchangeSim } from '@coinview/exchange-sim/server';
import { candleTopic, notificationTopic } from '@coinview/db/bus-topics';
import {
  createTRPCClient,
  createWSClient,
  type TRPCClientError,
  type TRPCWebSocketClient,
  wsLink,
} from '@trpc/client';
import NextAuth from 'next-auth';
import { decode, encode } from 'next-auth/jwt';
import { NextRequest } from 'next/server';
import { Pool } from 'pg';
import { pino } from 'pino';
import superjson from 'superjson';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createMarketRouter } from '~/server/api/routers/market';
import { createNotificationsRouter } from '~/server/api/routers/notifications';
import { createCallerFactory, createInnerTRPCContext, createTRPCRouter } from '~/server/api/trpc';
import { createAuthConfig } from '~/server/auth/config';
import { createLoginLimiter } from '~/server/auth/login-limiter';
import { hashPassword } from '~/server/auth/password';
import { CandleHistory } from '~/server/market/candle-history';
import { MarketInterest } from '~/server/market/market-interest';
import { SymbolDirectory } from '~/server/market/symbol-directory';
import {
  CLOSE_IDLE,
  CLOSE_SESSION_ENDED,
  CLOSE_TOO_CHATTY,
  createLiveServer,
  LIVE_PATH,
  type LiveLimits,
  type LiveServer,
} from './live-server';
import { createSessionReader } from './session-reader';

const silent = pino({ level: 'silent' });
const SECRET = 'live-test-secret-'.padEnd(40, 'x');
const APP_ORIGIN = 'http://localhost:3000';
const COOKIE_NAME = 'authjs.session-token';
const PASSWORD = 'live connection test';
const MINUTE = 60_000;
const T0 = Date.UTC(2025, 0, 6, 12, 0);
const ANCHOR = Date.UTC(2031, 5, 1);

let testDb: TestDatabase;
let pool: Pool;
let sim: ExchangeSim;
let listener: PgBus;
let publisher: PgBus;
let interest: MarketInterest;
let router: ReturnType<typeof buildRouter>;
let readSession: ReturnType<typeof createSessionReader>;
const user = { id: '', email: 'live@example.test' };

function buildRouter(rest: BinanceRestClient) {
  const directory = new SymbolDirectory({ exchange: rest });
  return createTRPCRouter({
    market: createMarketRouter({
      getBus: async () => listener,
      getHistory: () => new CandleHistory({ exchange: rest, earliest: T0 }),
      getInterest: () => interest,
      getSymbols: () => directory,
      getTickerSource: () => rest,
    }),
    notifications: createNotificationsRouter({ getBus: async () => listener }),
  });
}

function candle(index: number, close: string): Candle {
  const openTime = T0 + index * MINUTE;
  return {
    symbol: 'BTCUSDT',
    interval: '1m',
    openTime,
    closeTime: openTime + MINUTE - 1,
    open: '100',
    high: '110',
    low: '90',
    close,
    volume: '1',
    quoteVolume: '100',
    trades: 3,
    takerBuyBaseVolume: '0.5',
    takerBuyQuoteVolume: '50',
    closed: true,
  };
}

type AuthHandler = (req: NextRequest) => Promise<Response>;
let auth: { GET: AuthHandler; POST: AuthHandler };
let signedIn: string;

const firstCookie = (res: Response, name: string) =>
  res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith(`${name}=`));

/** Signs in with email and password through next-auth's own endpoints: the session cookie. */
async function signIn(): Promise<string> {
  const csrf = await auth.GET(new NextRequest(`${APP_ORIGIN}/api/auth/csrf`));
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await auth.POST(
    new NextRequest(`${APP_ORIGIN}/api/auth/callback/credentials`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: firstCookie(csrf, 'authjs.csrf-token') ?? '',
      },
      body: new URLSearchParams({ csrfToken, email: user.email, password: PASSWORD }),
    }),
  );
  const cookie = firstCookie(res, COOKIE_NAME);
  if (!cookie) throw new Error(`sign-in failed: ${res.status} ${res.headers.get('location')}`);
  return cookie;
}

/** The signed-in session cookie (`maxAge` omitted), or a copy of it that expires in `maxAge` s. */
async function sessionCookie(maxAge?: number): Promise<string> {
  if (maxAge === undefined) return signedIn;
  // The same claims next-auth put in at sign-in, re-sealed by next-auth with a shorter life.
  const claims = await decode({
    token: signedIn.slice(COOKIE_NAME.length + 1),
    secret: SECRET,
    salt: COOKIE_NAME,
  });
  if (!claims) throw new Error('the session cookie does not decode');
  const { exp: _exp, iat: _iat, jti: _jti, ...rest } = claims;
  const token = await encode({ token: rest, secret: SECRET, salt: COOKIE_NAME, maxAge });
  return `${COOKIE_NAME}=${token}`;
}

beforeAll(async () => {
  [testDb, sim] = await Promise.all([
    createTestDatabase(),
    startExchangeSim({
      port: 0,
      logger: silent,
      clock: { now: () => 1 },
      startTime: ANCHOR + 5000 * MINUTE,
      anchor: ANCHOR,
    }),
  ]);
  pool = new Pool({ connectionString: testDb.url, max: 2 });
  listener = new PgBus(testDb.url);
  publisher = new PgBus(testDb.url);
  interest = new MarketInterest({ getBus: async () => publisher, instanceId: 'live-test' });
  router = buildRouter(new BinanceRestClient({ baseUrl: sim.restUrl, logger: silent }));
  const created = await testDb.db.user.create({
    data: { email: user.email, passwordHash: await hashPassword(PASSWORD) },
  });
  user.id = created.id;
  // The app's own next-auth configuration; the live server asks its /api/auth/session handler.
  const { handlers } = NextAuth(
    createAuthConfig({
      db: testDb.db,
      limiter: createLoginLimiter(pool),
      secret: SECRET,
      emailFrom: 'Coinview <login@coinview.local>',
      magicLinks: false,
      log: silent,
    }),
  );
  auth = handlers;
  readSession = createSessionReader(handlers.GET, APP_ORIGIN);
  signedIn = await signIn();
  await upsertCandles(testDb.db, [candle(0, '101'), candle(1, '102'), candle(2, '103')]);
});

afterAll(async () => {
  await interest?.stop();
  await Promise.allSettled([listener?.close(), publisher?.close(), sim?.stop(), pool?.end()]);
  await testDb?.cleanup();
});

interface Running {
  live: LiveServer;
  http: Server;
  url: string;
}
const running: Running[] = [];
const clients: TRPCWebSocketClient[] = [];

/** An http server whose upgrades go to a live server with these limits (others are refused). */
async function startLive(limits: Partial<LiveLimits> = {}): Promise<Running> {
  const live = createLiveServer({
    router,
    appOrigin: APP_ORIGIN,
    readSession,
    createContext: async (opts) => createInnerTRPCContext({ ...opts, db: testDb.db }),
    limits,
    logger: silent,
  });
  const http = createServer((_req, res) => res.writeHead(404).end());
  http.on('upgrade', (req, socket, head) => {
    if (!live.handleUpgrade(req, socket, head)) socket.destroy();
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  const started = { live, http, url: `ws://127.0.0.1:${port}${LIVE_PATH}` };
  running.push(started);
  return started;
}

afterEach(async () => {
  for (const client of clients.splice(0)) await client.close();
  for (const { live, http } of running.splice(0)) {
    await live.close();
    http.closeAllConnections();
    await new Promise((resolve) => http.close(resolve));
  }
});

/** tRPC's browser client over `ws`, which (unlike a browser's WebSocket) is told its headers. */
function connect(server: Running, headers: { origin?: string; cookie?: string }) {
  const sockets: WebSocket[] = [];
  class HeaderSocket extends WebSocket {
    constructor(address: string | URL) {
      super(address, {
        headers: {
          ...(headers.origin ? { origin: headers.origin } : {}),
          ...(headers.cookie ? { cookie: headers.cookie } : {}),
        },
      });
      sockets.push(this);
    }
  }
  const wsClient = createWSClient({
    url: server.url,
    WebSocket: HeaderSocket as unknown as typeof globalThis.WebSocket,
    retryDelayMs: () => 50,
  });
  clients.push(wsClient);
  const client = createTRPCClient<typeof router>({
    links: [wsLink({ client: wsClient, transformer: superjson })],
  });
  return { client, sockets };
}

/** Values pushed by callbacks, awaited by the test. */
class Inbox<T> {
  readonly items: T[] = [];
  private waiters: (() => void)[] = [];
  push = (item: T) => {
    this.items.push(item);
    for (const wake of this.waiters.splice(0)) wake();
  };
  async until(done: (items: T[]) => boolean, timeoutMs = 10_000, tick?: () => unknown) {
    const deadline = Date.now() + timeoutMs;
    while (!done(this.items)) {
      if (Date.now() > deadline) throw new Error(`timed out with ${this.items.length} items`);
      await tick?.();
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
    return this.items;
  }
}

/** The HTTP status a raw upgrade attempt is answered with (101 when it was accepted). */
function upgradeStatus(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => {
      ws.terminate();
      resolve(101);
    });
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('error', (err) => {
      if (ws.readyState !== WebSocket.CLOSED) reject(err);
    });
  });
}

const errorCode = (err: unknown) => (err as TRPCClientError<typeof router>).data?.code;

describe('the live connection', () => {
  it('carries candles, tickers and notifications of a signed-in tab over one socket', async () => {
    const server = await startLive();
    const { client, sockets } = connect(server, {
      origin: APP_ORIGIN,
      cookie: await sessionCookie(),
    });
    const candles = new Inbox<Candle>();
    const tickers = new Inbox<Ticker>();
    const notes = new Inbox<string>();
    const errors = new Inbox<unknown>();
    const subs = [
      client.market.live.subscribe(
        { symbol: 'BTCUSDT', interval: '1m', lastEventId: String(T0) },
        { onData: (e) => candles.push(e.data), onError: errors.push },
      ),
      client.market.tickers.subscribe(
        { symbols: ['BTCUSDT', 'ETHUSDT'] },
        { onData: (e) => e.tickers.forEach(tickers.push), onError: errors.push },
      ),
      client.notifications.live.subscribe(
        {},
        { onData: (e) => notes.push(e.data.title), onError: errors.push },
      ),
    ];

    // History replayed from the resume point, then a live update from the worker's bus.
    await candles.until((c) => c.length >= 3);
    expect(candles.items.map((c) => Number(c.close))).toEqual([101, 102, 103]);
    await candles.until(
      (c) => c.some((x) => Number(x.close) === 104),
      10_000,
      () => publisher.publish(candleTopic('BTCUSDT', '1m'), { ...candle(3, '104'), closed: false }),
    );
    // The snapshot from the exchange (REST ticker/24hr) for both symbols.
    await tickers.until((t) => new Set(t.map((x) => x.symbol)).size === 2);
    let n = 0;
    await notes.until(
      (items) => items.length > 0,
      10_000,
      () =>
        publisher.publish(notificationTopic(user.id), {
          id: `note-${++n}`,
          title: 'BTC crossed 100k',
          body: 'Alert fired',
          createdAt: Date.now(),
        }),
    );
    expect(notes.items[0]).toBe('BTC crossed 100k');
    expect(errors.items).toEqual([]);

    // Three subscriptions, one connection.
    expect(sockets).toHaveLength(1);
    expect(server.live.socketCount()).toBe(1);
    for (const sub of subs) sub.unsubscribe();
  });

  it('refuses a foreign or missing Origin before upgrading', async () => {
    const server = await startLive();
    const cookie = await sessionCookie();
    expect(await upgradeStatus(server.url, { origin: 'https://evil.example', cookie })).toBe(403);
    expect(await upgradeStatus(server.url, { origin: 'http://localhost:3001', cookie })).toBe(403);
    expect(await upgradeStatus(server.url, { cookie })).toBe(403);
    expect(await upgradeStatus(server.url, { origin: APP_ORIGIN, cookie })).toBe(101);
  });

  it('gives a socket without a session only public procedures', async () => {
    const server = await startLive();
    const forged = `${COOKIE_NAME}=not-a-token`;
    for (const cookie of [undefined, forged]) {
      const { client } = connect(server, { origin: APP_ORIGIN, cookie });
      const errors = new Inbox<unknown>();
      const sub = client.notifications.live.subscribe({}, { onError: errors.push });
      await errors.until((e) => e.length > 0);
      expect(errorCode(errors.items[0])).toBe('UNAUTHORIZED');
      sub.unsubscribe();
    }
  });

  it('closes a signed-in socket once its session has ended', async () => {
    const server = await startLive({ sessionCheckMs: 250 });
    // Expires 2 s from now: next-auth accepts a JWT up to 15 s past its `exp` (clock tolerance).
    const cookie = await sessionCookie(2 - 15);
    const ws = new WebSocket(server.url, { headers: { origin: APP_ORIGIN, cookie } });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    // Still open while the session is valid (several checks pass)…
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(ws.readyState).toBe(WebSocket.OPEN);
    // …and closed by the first check after it expired.
    const code = await new Promise<number>((resolve) => ws.once('close', resolve));
    expect(code).toBe(CLOSE_SESSION_ENDED);
  });

  it('closes a signed-in socket once its session is revoked (signed out elsewhere)', async () => {
    const server = await startLive({ sessionCheckMs: 250 });
    const cookie = await signIn(); // a session of its own, not the one other tests share
    const ws = new WebSocket(server.url, { headers: { origin: APP_ORIGIN, cookie } });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(ws.readyState).toBe(WebSocket.OPEN);

    const claims = await decode({
      token: cookie.slice(COOKIE_NAME.length + 1),
      secret: SECRET,
      salt: COOKIE_NAME,
    });
    const closed = new Promise<number>((resolve) => ws.once('close', resolve));
    await revokeSession(testDb.db, String(claims?.sid));
    expect(await closed).toBe(CLOSE_SESSION_ENDED);
  });

  it('refuses sockets over the per-user and per-address limits', async () => {
    const server = await startLive({ maxSocketsPerUser: 2, maxSocketsPerAddress: 3 });
    const cookie = await sessionCookie();
    const open = (headers: Record<string, string>) =>
      new Promise<WebSocket>((resolve, reject) => {
        const ws = new WebSocket(server.url, { headers });
        ws.once('open', () => resolve(ws)).once('error', reject);
      });
    const signedIn = { origin: APP_ORIGIN, cookie };
    const [one, two] = await Promise.all([open(signedIn), open(signedIn)]);
    expect(await upgradeStatus(server.url, signedIn)).toBe(429);
    // A signed-out socket from the same address still fits (3 per address)…
    const anonymous = await open({ origin: APP_ORIGIN });
    // …a fourth from this address does not, signed in or not.
    expect(await upgradeStatus(server.url, { origin: APP_ORIGIN })).toBe(429);
    // Closing one frees its place.
    one.close();
    await new Promise((resolve) => one.once('close', resolve));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await upgradeStatus(server.url, signedIn)).toBe(101);
    two.close();
    anonymous.close();
  });

  it('refuses subscriptions over the per-socket limit, and queries and mutations', async () => {
    const server = await startLive({ maxSubscriptionsPerSocket: 2 });
    const { client } = connect(server, { origin: APP_ORIGIN, cookie: await sessionCookie() });
    const started = new Inbox<string>();
    const errors = new Inbox<unknown>();
    const subscribe = (name: string) =>
      client.notifications.live.subscribe(
        {},
        { onStarted: () => started.push(name), onError: errors.push },
      );
    const a = subscribe('a');
    subscribe('b');
    await started.until((s) => s.length === 2);
    subscribe('c');
    await errors.until((e) => e.length === 1);
    expect(errorCode(errors.items[0])).toBe('TOO_MANY_REQUESTS');
    // Ending one gives its slot back.
    a.unsubscribe();
    await new Promise((resolve) => setTimeout(resolve, 200));
    subscribe('d');
    await started.until((s) => s.includes('d'));

    // Queries and mutations belong to HTTP (CSRF and body checks); the socket refuses them.
    await expect(client.notifications.unreadCount.query()).rejects.toSatisfy(
      (err) => errorCode(err) === 'METHOD_NOT_SUPPORTED',
    );
    await expect(client.notifications.markAllRead.mutate()).rejects.toSatisfy(
      (err) => errorCode(err) === 'METHOD_NOT_SUPPORTED',
    );
    expect(await testDb.db.notification.count()).toBe(0);
  });

  it('drops frames over the size limit', async () => {
    const server = await startLive({ maxPayloadBytes: 1024 });
    const ws = new WebSocket(server.url, { headers: { origin: APP_ORIGIN } });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    ws.send('x'.repeat(4096));
    const code = await new Promise<number>((resolve) => ws.once('close', resolve));
    expect(code).toBe(1009); // "message too big"
  });

  it('closes a socket that runs no subscription, and one that floods messages', async () => {
    const server = await startLive({ idleMs: 300, messagesPer10s: 20 });
    const idle = new WebSocket(server.url, { headers: { origin: APP_ORIGIN } });
    const code = await new Promise<number>((resolve) => idle.once('close', resolve));
    expect(code).toBe(CLOSE_IDLE);

    const chatty = new WebSocket(server.url, { headers: { origin: APP_ORIGIN } });
    await new Promise((resolve, reject) => chatty.once('open', resolve).once('error', reject));
    const closed = new Promise<number>((resolve) => chatty.once('close', resolve));
    for (let i = 0; i < 25; i++) chatty.send('PONG');
    expect(await closed).toBe(CLOSE_TOO_CHATTY);
  });

  it('resumes each subscription from its last event after a reconnect', async () => {
    const server = await startLive();
    const { client, sockets } = connect(server, {
      origin: APP_ORIGIN,
      cookie: await sessionCookie(),
    });
    const candles = new Inbox<{ id: string; close: number }>();
    const sub = client.market.live.subscribe(
      { symbol: 'BTCUSDT', interval: '1m', lastEventId: String(T0) },
      { onData: (e) => candles.push({ id: e.id, close: Number(e.data.close) }) },
    );
    await candles.until((c) => c.length >= 3);
    const seen = candles.items.length;

    // Two more bars are stored (not published: only a catch-up can bring them), then the
    // connection drops.
    await upsertCandles(testDb.db, [candle(4, '105'), candle(5, '106')]);
    sockets[0]!.terminate();
    await candles.until((c) => c.some((x) => x.close === 106));

    expect(sockets).toHaveLength(2);
    // The new socket resumed from the last bar the client had (bar 2), not from the start.
    const resumed = candles.items.slice(seen).map((c) => c.close);
    expect(resumed[0]).toBe(103);
    expect(resumed).toContain(105);
    expect(resumed).not.toContain(101);
    sub.unsubscribe();
  });

  it('declines upgrades for other paths, leaving them to Next', async () => {
    const server = await startLive();
    const other = server.url.replace(LIVE_PATH, '/_next/webpack-hmr');
    const status = await upgradeStatus(other, { origin: APP_ORIGIN }).catch(() => 'declined');
    expect(status).toBe('declined');
  });
});

describe('the socket guard outside the socket', () => {
  it('leaves HTTP calls alone', async () => {
    const caller = createCallerFactory(router)(
      createInnerTRPCContext({
        db: testDb.db,
        session: { user: { id: user.id }, expires: new Date(Date.now() + MINUTE).toISOString() },
      }),
    );
    await expect(caller.notifications.unreadCount()).resolves.toBe(0);
  });
});
