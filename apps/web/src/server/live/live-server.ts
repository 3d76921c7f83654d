/**
 * The live connection: one WebSocket per browser tab at /api/live that carries every tRPC
 * subscription of the tab (tRPC's own WebSocket transport multiplexes them and resumes `tracked`
 * events by `lastEventId` on reconnect). Browsers allow six HTTP/1.1 connections per host, so one
 * server-sent-event stream per subscription let a second tab stall.
 *
 * The port is reachable from the internet, so before a socket is accepted: the Origin must be the
 * app's own (cross-site WebSocket hijacking), the client address may open only so many sockets
 * (and so many per minute), and the cookie's session is read through next-auth (a user may hold
 * only so many sockets). Afterwards the session is re-read periodically and the socket closed when
 * it changed or ended; frames are small; silent sockets are pinged and dropped, sockets running no
 * subscription are closed, and each socket runs a bounded number of subscriptions and no queries
 * or mutations (see the guard in server/api/trpc.ts).
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { AnyRouter } from '@trpc/server';
import { applyWSSHandler } from '@trpc/server/adapters/ws';
import type { Session } from 'next-auth';
import type { Logger } from 'pino';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { type WebSocket, WebSocketServer } from 'ws';
import type { TRPCContext } from '~/server/api/trpc';
import { clientIp } from '~/server/auth/client-ip';
import { isLivePath } from './live-path';
import type { SessionReader } from './session-reader';
import { SubscriptionBudget } from './subscription-budget';

export { LIVE_PATH } from './live-path';

export interface LiveLimits {
  /** Largest frame a client may send (tRPC's messages are a few hundred bytes). */
  maxPayloadBytes: number;
  maxSocketsPerUser: number;
  maxSocketsPerAddress: number;
  /** New sockets per client address per minute (reconnects back off, see wsLink). */
  upgradesPerMinute: number;
  maxSubscriptionsPerSocket: number;
  /** Messages a socket may send per 10 s (subscription starts, stops, pongs). */
  messagesPer10s: number;
  /** How often a signed-in socket's session is read again. */
  sessionCheckMs: number;
  /** A socket that answers no ping within pingMs + pongWaitMs is dropped. */
  pingMs: number;
  pongWaitMs: number;
  /** A socket running no subscription this long is closed (the client reopens on demand). */
  idleMs: number;
}

export const DEFAULT_LIVE_LIMITS: LiveLimits = {
  maxPayloadBytes: 64 * 1024,
  maxSocketsPerUser: 10,
  maxSocketsPerAddress: 20,
  upgradesPerMinute: 60,
  maxSubscriptionsPerSocket: 16,
  messagesPer10s: 100,
  sessionCheckMs: 60_000,
  pingMs: 30_000,
  pongWaitMs: 10_000,
  idleMs: 60_000,
};

/** Close codes the client sees (4000–4999 are the application's). */
export const CLOSE_SESSION_ENDED = 4401;
export const CLOSE_IDLE = 4408;
export const CLOSE_TOO_CHATTY = 4429;

export interface LiveServerDeps {
  router: AnyRouter;
  /** The only Origin accepted: the app's own (AUTH_URL's), never one derived from Host. */
  appOrigin: string;
  readSession: SessionReader;
  createContext: (opts: {
    session: Session | null;
    headers: Headers;
    liveSocket: SubscriptionBudget;
  }) => Promise<TRPCContext>;
  limits?: Partial<LiveLimits>;
  logger: Logger;
}

export interface LiveServer {
  /** Takes an HTTP upgrade when it is for LIVE_PATH (true), otherwise leaves it alone (false). */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** Sockets open now (for tests and diagnostics). */
  socketCount(): number;
  close(): Promise<void>;
}

interface SocketState {
  session: Session | null;
  budget: SubscriptionBudget;
}

const STATUS_TEXT: Record<number, string> = {
  403: 'Forbidden',
  429: 'Too Many Requests',
  503: 'Service Unavailable',
};

/** Answers an upgrade it will not accept with a plain HTTP response and hangs up. */
function refuse(socket: Duplex, status: number): void {
  if (socket.destroyed) return;
  const text = STATUS_TEXT[status] ?? 'Error';
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`,
  );
}

function toHeaders(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string') headers.set(name, value);
    else if (Array.isArray(value)) for (const v of value) headers.append(name, v);
  }
  return headers;
}

/** Counts per key (user id, client address) that never keep a zero entry. */
class Tally {
  private readonly counts = new Map<string, number>();
  get(key: string): number {
    return this.counts.get(key) ?? 0;
  }
  add(key: string): void {
    this.counts.set(key, this.get(key) + 1);
  }
  remove(key: string): void {
    const next = this.get(key) - 1;
    if (next > 0) this.counts.set(key, next);
    else this.counts.delete(key);
  }
}

export function createLiveServer(deps: LiveServerDeps): LiveServer {
  const limits = { ...DEFAULT_LIVE_LIMITS, ...deps.limits };
  const log = deps.logger;
  const appOrigin = new URL(deps.appOrigin).origin;
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxPayloadBytes });
  const states = new WeakMap<WebSocket, SocketState>();
  const perUser = new Tally();
  const perAddress = new Tally();
  const upgrades = new RateLimiterMemory({ points: limits.upgradesPerMinute, duration: 60 });
  const messages = new RateLimiterMemory({ points: limits.messagesPer10s, duration: 10 });
  let nextSocketId = 0;

  const handler = applyWSSHandler({
    wss,
    router: deps.router,
    keepAlive: { enabled: true, pingMs: limits.pingMs, pongWaitMs: limits.pongWaitMs },
    createContext: ({ req, res }) => {
      // tRPC's adapter types `res` with the `ws` types it cannot resolve from its own folder.
      const state = states.get(res as WebSocket);
      if (!state) throw new Error('live socket without state');
      return deps.createContext({
        session: state.session,
        headers: toHeaders(req),
        liveSocket: state.budget,
      });
    },
    onError({ error, path }) {
      if (error.code === 'INTERNAL_SERVER_ERROR')
        log.error({ err: error, path }, 'live subscription failed');
    },
  });

  function track(ws: WebSocket, address: string, state: SocketState, cookie: string | undefined) {
    const userId = state.session?.user.id;
    const socketId = String(nextSocketId++);
    states.set(ws, state);
    ws.on('message', () => {
      messages.consume(socketId).catch(() => {
        if (ws.readyState === ws.OPEN) ws.close(CLOSE_TOO_CHATTY, 'too many messages');
      });
    });
    const idleTimer = setInterval(
      () => {
        if (state.budget.idleFor() >= limits.idleMs) ws.close(CLOSE_IDLE, 'idle');
      },
      Math.max(100, Math.floor(limits.idleMs / 2)),
    );
    // A signed-out socket has nothing to lose; a signed-in one must still hold the same session.
    const sessionTimer = userId
      ? setInterval(() => {
          deps
            .readSession(cookie)
            .then((now) => {
              if (now?.user.id !== userId && ws.readyState === ws.OPEN)
                ws.close(CLOSE_SESSION_ENDED, 'session ended');
            })
            .catch((err: unknown) => log.warn({ err }, 'live session re-check failed'));
        }, limits.sessionCheckMs)
      : undefined;
    idleTimer.unref();
    sessionTimer?.unref();
    ws.once('close', () => {
      clearInterval(idleTimer);
      clearInterval(sessionTimer);
      perAddress.remove(address);
      if (userId) perUser.remove(userId);
      void messages.delete(socketId);
    });
  }

  async function accept(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    // Cross-site WebSocket hijacking: a page elsewhere would connect with this user's cookies.
    if (req.headers.origin !== appOrigin) return refuse(socket, 403);
    const address = clientIp(toHeaders(req));
    try {
      await upgrades.consume(address);
    } catch {
      return refuse(socket, 429);
    }
    if (perAddress.get(address) >= limits.maxSocketsPerAddress) return refuse(socket, 429);
    // Counted before the session lookup awaits, so a burst cannot slip past the limit.
    perAddress.add(address);
    let counted: string | undefined;
    const undo = () => {
      perAddress.remove(address);
      if (counted) perUser.remove(counted);
    };
    try {
      const cookie = req.headers.cookie;
      const session = await deps.readSession(cookie);
      const userId = session?.user.id;
      if (userId) {
        if (perUser.get(userId) >= limits.maxSocketsPerUser) {
          undo();
          return refuse(socket, 429);
        }
        perUser.add(userId);
        counted = userId;
      }
      if (socket.destroyed) return undo();
      const state: SocketState = {
        session,
        budget: new SubscriptionBudget(limits.maxSubscriptionsPerSocket),
      };
      let upgraded = false;
      wss.handleUpgrade(req, socket, head, (ws) => {
        upgraded = true;
        track(ws, address, state, cookie);
        wss.emit('connection', ws, req);
      });
      // ws answers a malformed handshake itself (400) without calling back (it calls back
      // synchronously otherwise): give the slots back.
      if (!upgraded) undo();
    } catch (err) {
      undo();
      log.error({ err }, 'live upgrade failed');
      refuse(socket, 503);
    }
  }

  return {
    handleUpgrade(req, socket, head) {
      if (!isLivePath(req.url)) return false;
      // An error on the raw socket (client gone mid-handshake) must not crash the server.
      socket.on('error', () => socket.destroy());
      void accept(req, socket, head);
      return true;
    },
    socketCount: () => wss.clients.size,
    async close() {
      handler.broadcastReconnectNotification();
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
