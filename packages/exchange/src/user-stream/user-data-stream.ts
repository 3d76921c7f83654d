// One key's user data stream over Binance's WebSocket API (the listenKey stream is discontinued for
// spot): connect to `…/ws-api/v3`, send `userDataStream.subscribe.signature` signed with the key
// (HMAC-SHA256 over the alphabetically sorted params), then receive `executionReport` and
// `outboundAccountPosition` events.
//
// A stream can drop at any time (network, server restart, the 24 h connection lifetime) and events
// sent while it was down are not replayed. So after every subscription (the first included) the
// stream calls `onGap`: from then on events arrive live, and the caller reconciles what happened
// before over REST (query by client id, open orders, balances). A dropped or silent connection (no
// pong to our ping in time) is closed and reopened with backoff; `stop()` ends it for good.
import { WebSocket } from 'ws';
import type { BackoffOptions } from '../rest/backoff';
import { backoffDelay } from '../rest/backoff';
import type { ServerClock } from '../signed/server-clock';
import { type BinanceCredentials, RequestSigner } from '../signed/signature';
import { frameText } from '../ws-frame';
import { type UserStreamEvent, parseUserStreamEvent } from './events';

export interface UserStreamLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface GapInfo {
  /** True for the first subscription of this stream, false after a reconnect. */
  first: boolean;
  /** Why the previous connection ended (empty for the first). */
  reason: string;
}

export interface UserDataStreamOptions {
  /** e.g. wss://ws-api.binance.com:443/ws-api/v3, or the sim's ws://127.0.0.1:9443/ws-api/v3 */
  wsApiUrl: string;
  credentials: BinanceCredentials;
  onEvent: (event: UserStreamEvent) => void;
  /** Subscribed (again): reconcile over REST everything before this moment. */
  onGap: (info: GapInfo) => void;
  /** A connection or subscription failed (the stream keeps retrying) or an event was unreadable. */
  onError?: (err: Error) => void;
  /** The exchange's clock for the subscription's timestamp (the signed client's); resynced on -1021. */
  clock?: Pick<ServerClock, 'timestamp' | 'sync' | 'offset'>;
  recvWindow?: number;
  logger?: UserStreamLogger;
  /** Delay between reconnects (default 500 ms doubling up to 30 s). */
  backoff?: BackoffOptions;
  /** How often we ping (default 20 s) and how long a pong may take (default 10 s). */
  pingIntervalMs?: number;
  pongTimeoutMs?: number;
  /** How long the connect + subscribe may take (default 10 s). */
  connectTimeoutMs?: number;
}

/** An error answer of the WebSocket API ({code, msg}). */
export class WsApiError extends Error {
  override name = 'WsApiError';
  constructor(
    readonly status: number,
    readonly code: number | undefined,
    readonly msg: string | undefined,
  ) {
    super(`WebSocket API answered ${status}${code !== undefined ? ` ${code} ${msg}` : ''}`);
  }
}

const TIMESTAMP_OUTSIDE_RECV_WINDOW = -1021;

export class UserDataStream {
  private readonly signer: RequestSigner;
  private socket: WebSocket | undefined;
  private stopped = false;
  private started = false;
  private subscribedOnce = false;
  private failures = 0;
  private nextId = 1;
  private readonly pending = new Map<
    string,
    { resolve: (v: unknown) => void; reject: (e: Error) => void }
  >();
  private reconnectTimer: NodeJS.Timeout | undefined;
  private pingTimer: NodeJS.Timeout | undefined;
  private pongTimer: NodeJS.Timeout | undefined;
  private readonly settings: {
    backoff: BackoffOptions;
    pingIntervalMs: number;
    pongTimeoutMs: number;
    connectTimeoutMs: number;
  };
  /** Connections opened, the first included (tests, metrics). */
  connections = 0;

  constructor(private readonly opts: UserDataStreamOptions) {
    this.signer = new RequestSigner(opts.credentials);
    this.settings = {
      backoff: opts.backoff ?? { minMs: 500, maxMs: 30_000 },
      pingIntervalMs: opts.pingIntervalMs ?? 20_000,
      pongTimeoutMs: opts.pongTimeoutMs ?? 10_000,
      connectTimeoutMs: opts.connectTimeoutMs ?? 10_000,
    };
  }

  /** Whether a subscription is live right now. */
  get subscribed(): boolean {
    return this.socket?.readyState === WebSocket.OPEN && this.subscribedOnce && !this.stopped;
  }

  /**
   * Opens the stream and subscribes. Rejects (and stops) when the first attempt fails, e.g. the key
   * is refused; once started, the stream reconnects by itself until `stop()`.
   */
  async start(): Promise<void> {
    if (this.started) throw new Error('user data stream already started');
    this.started = true;
    try {
      await this.connect('');
    } catch (err) {
      await this.stop();
      throw err;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    this.clearHeartbeat();
    const socket = this.socket;
    this.socket = undefined;
    if (!socket || socket.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      socket.terminate();
    });
  }

  private async connect(previousReason: string): Promise<void> {
    const socket = new WebSocket(this.opts.wsApiUrl, {
      handshakeTimeout: this.settings.connectTimeoutMs,
    });
    this.socket = socket;
    this.connections++;
    let closedReason = 'connection closed';
    // Only a connection that got subscribed reconnects from its close handler; a failed attempt is
    // retried by whoever made it.
    let live = false;
    socket.on('message', (data, isBinary) => {
      if (!isBinary) this.onMessage(frameText(data));
    });
    socket.on('pong', () => clearTimeout(this.pongTimer));
    socket.on('error', (err) => {
      closedReason = err.message;
    });
    socket.on('close', (code) => {
      this.clearHeartbeat();
      for (const p of this.pending.values()) p.reject(new Error(`connection closed (${code})`));
      this.pending.clear();
      if (live && this.socket === socket && !this.stopped)
        this.scheduleReconnect(`${closedReason} (${code})`);
    });

    const timeout = setTimeout(() => socket.terminate(), this.settings.connectTimeoutMs);
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('open', () => resolve());
        socket.once('close', () => reject(new Error(`could not connect: ${closedReason}`)));
      });
      await this.subscribe();
      if (socket.readyState !== WebSocket.OPEN) throw new Error(`connection lost: ${closedReason}`);
      live = true;
    } catch (err) {
      if (socket.readyState !== WebSocket.CLOSED) socket.terminate();
      throw err;
    } finally {
      clearTimeout(timeout);
    }
    const first = !this.subscribedOnce;
    this.subscribedOnce = true;
    this.failures = 0;
    this.startHeartbeat(socket);
    this.opts.logger?.info({ first }, 'user data stream subscribed');
    this.opts.onGap({ first, reason: previousReason });
  }

  private async subscribe(): Promise<void> {
    const clock = this.opts.clock;
    if (clock && clock.offset === undefined) await clock.sync();
    try {
      await this.request('userDataStream.subscribe.signature', this.signedParams());
    } catch (err) {
      if (!(clock && err instanceof WsApiError && err.code === TIMESTAMP_OUTSIDE_RECV_WINDOW))
        throw err;
      await clock.sync();
      await this.request('userDataStream.subscribe.signature', this.signedParams());
    }
  }

  /** apiKey, timestamp (and recvWindow), sorted by name, with the signature over `k=v&…` of them. */
  private signedParams(): Record<string, string | number> {
    const params: Record<string, string | number> = {
      apiKey: this.signer.apiKey,
      timestamp: this.opts.clock?.timestamp() ?? Date.now(),
    };
    if (this.opts.recvWindow !== undefined) params.recvWindow = this.opts.recvWindow;
    const payload = Object.keys(params)
      .sort()
      .map((k) => `${k}=${params[k]}`)
      .join('&');
    return { ...params, signature: this.signer.sign(payload) };
  }

  private request(method: string, params: Record<string, unknown>): Promise<unknown> {
    const socket = this.socket;
    if (!socket || socket.readyState !== WebSocket.OPEN)
      return Promise.reject(new Error('not connected'));
    const id = `cv-${this.nextId++}`;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      socket.send(JSON.stringify({ id, method, params }));
    });
  }

  private onMessage(text: string): void {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      this.opts.onError?.(new Error('unreadable WebSocket API message'));
      return;
    }
    const m = message as {
      id?: unknown;
      status?: number;
      result?: unknown;
      error?: { code?: number; msg?: string };
      event?: { e?: unknown } | null;
    };
    if (m.event !== undefined) {
      const type = m.event?.e;
      if (type === 'eventStreamTerminated' || type === 'serverShutdown') {
        this.socket?.terminate();
        return;
      }
      try {
        this.opts.onEvent(parseUserStreamEvent(m.event));
      } catch (err) {
        this.opts.onError?.(err instanceof Error ? err : new Error(String(err)));
      }
      return;
    }
    const p = typeof m.id === 'string' ? this.pending.get(m.id) : undefined;
    if (p) {
      this.pending.delete(m.id as string);
      if (m.status === 200) p.resolve(m.result);
      else p.reject(new WsApiError(m.status ?? 0, m.error?.code, m.error?.msg));
    }
  }

  private scheduleReconnect(reason: string): void {
    if (this.stopped) return;
    const delay = backoffDelay(this.failures++, this.settings.backoff);
    this.opts.logger?.warn({ reason, delayMs: delay }, 'user data stream lost: reconnecting');
    this.reconnectTimer = setTimeout(() => {
      this.connect(reason).catch((err: unknown) => {
        const error = err instanceof Error ? err : new Error(String(err));
        this.opts.onError?.(error);
        this.scheduleReconnect(error.message);
      });
    }, delay);
  }

  private startHeartbeat(socket: WebSocket): void {
    this.clearHeartbeat();
    this.pingTimer = setInterval(() => {
      if (socket.readyState !== WebSocket.OPEN) return;
      socket.ping();
      clearTimeout(this.pongTimer);
      this.pongTimer = setTimeout(() => socket.terminate(), this.settings.pongTimeoutMs);
    }, this.settings.pingIntervalMs);
  }

  private clearHeartbeat(): void {
    clearInterval(this.pingTimer);
    clearTimeout(this.pongTimer);
  }
}
