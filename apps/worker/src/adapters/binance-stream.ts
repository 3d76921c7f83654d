// One logical market-data connection to Binance (or the exchange-sim) carrying up to 1024 streams
// that can be added and removed while it runs. Underneath it is one StreamSocket, or two for a
// moment: before Binance's 24 h connection lifetime runs out, or when the exchange announces a
// shutdown, a replacement socket is opened and subscribed first and the old one closed after, so
// a planned cut loses nothing. An unplanned drop is re-dialled with jittered exponential backoff.
//
// The owner hears which streams are live: `onActive` when a stream starts flowing on some socket,
// `onInactive` when no socket carries it any more (updates may be missed from then on).
import type { KlineEvent } from '@coinview/core/binance';
import type { Logger } from 'pino';
import { type BackoffOptions, backoffDelay } from '../backoff';
import { StreamSocket } from './stream-socket';

export interface BinanceStreamOptions {
  /** Base URL, e.g. ws://127.0.0.1:9443 or wss://stream.binance.com:9443 */
  wsUrl: string;
  logger: Logger;
  onKline(event: KlineEvent, stream: string): void;
  onActive?(streams: string[]): void;
  onInactive?(streams: string[]): void;
  /** The exchange refused these streams; they are dropped from this connection. */
  onRejected?(streams: string[], reason: string): void;
  reconnect?: BackoffOptions;
  /** No frame, ping or pong for this long means the socket is dead (default 60 s; Binance pings every 20 s). */
  idleTimeoutMs?: number;
  /** A socket that lived this long resets the backoff (default 30 s). */
  stableAfterMs?: number;
  /** The exchange cuts connections after this long (Binance: 24 h). */
  maxLifetimeMs?: number;
  /** How long before the cut the replacement socket is opened (default 1/10 of the lifetime, at most 5 min). */
  renewBeforeMs?: number;
  /** Control requests per second per socket (Binance allows 5 messages including pongs; default 4). */
  controlRate?: number;
  /** Streams per SUBSCRIBE request (default 256). */
  maxParamsPerRequest?: number;
  /** A SUBSCRIBE/UNSUBSCRIBE unanswered this long means the socket is broken (default 5 s). */
  replyTimeoutMs?: number;
}

export interface StreamStats {
  connects: number;
  events: number;
  malformed: number;
  requests: number;
  renewals: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export class BinanceStream {
  readonly desired = new Set<string>();
  readonly stats: StreamStats = { connects: 0, events: 0, malformed: 0, requests: 0, renewals: 0 };
  private current: StreamSocket | undefined;
  /** The replacement being prepared during a planned renewal. */
  private next: StreamSocket | undefined;
  private running = false;
  private attempt = 0;
  private requestId = 0;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private renewTimer: NodeJS.Timeout | undefined;
  private reconcileQueued = false;

  constructor(private readonly opts: BinanceStreamOptions) {}

  get connected(): boolean {
    return this.current?.isOpen ?? false;
  }

  /** Streams confirmed live on some socket. */
  get live(): Set<string> {
    return new Set([...(this.current?.active ?? []), ...(this.next?.active ?? [])]);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    if (this.desired.size > 0) this.dial();
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.reconnectTimer);
    clearTimeout(this.renewTimer);
    const sockets = [this.current, this.next];
    this.current = undefined;
    this.next = undefined;
    await Promise.all(sockets.filter((s) => s !== undefined).map((s) => s.close()));
  }

  add(streams: readonly string[]): void {
    for (const s of streams) this.desired.add(s);
    this.changed();
  }

  remove(streams: readonly string[]): void {
    for (const s of streams) this.desired.delete(s);
    this.changed();
  }

  private changed(): void {
    if (!this.running) return;
    if (!this.current && !this.reconnectTimer && this.desired.size > 0) this.dial();
    // Changes made in the same tick (a burst of watch() calls) go out as one request.
    if (this.reconcileQueued) return;
    this.reconcileQueued = true;
    setImmediate(() => {
      this.reconcileQueued = false;
      this.current?.reconcile();
      this.next?.reconcile();
    });
  }

  private dial(): void {
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    if (this.running && this.desired.size > 0) this.current = this.open();
  }

  private open(): StreamSocket {
    const log = this.opts.logger;
    const socket: StreamSocket = new StreamSocket({
      wsUrl: this.opts.wsUrl,
      logger: log,
      desired: this.desired,
      controlSpacingMs: Math.ceil(1000 / (this.opts.controlRate ?? 4)),
      maxParamsPerRequest: this.opts.maxParamsPerRequest ?? 256,
      idleTimeoutMs: this.opts.idleTimeoutMs ?? 60_000,
      replyTimeoutMs: this.opts.replyTimeoutMs ?? 5_000,
      nextRequestId: () => ++this.requestId,
      onRequestSent: () => this.stats.requests++,
      events: {
        onOpen: () => {
          this.stats.connects++;
          log.info(
            { streams: this.desired.size, renewal: socket === this.next },
            'market stream connected',
          );
          if (socket === this.current) this.scheduleRenewal(socket);
        },
        onSubscribed: (streams) => {
          const fresh = streams.filter((s) => !this.other(socket)?.active.has(s));
          if (fresh.length > 0) this.notify('onActive', fresh);
          if (socket === this.next && socket.matchesWishes) this.promote();
        },
        onUnsubscribed: (streams) => {
          const gone = streams.filter((s) => !this.other(socket)?.active.has(s));
          if (gone.length > 0) this.notify('onInactive', gone);
        },
        onRejected: (streams, reason) => {
          log.error({ streams, reason }, 'the exchange refused these streams');
          for (const s of streams) this.desired.delete(s);
          this.notify('onRejected', streams, reason);
        },
        onKline: (event, stream) => {
          this.stats.events++;
          try {
            this.opts.onKline(event, stream);
          } catch (err) {
            log.error({ err }, 'kline handler failed');
          }
        },
        onShutdownNotice: () => {
          log.warn('the exchange announced a shutdown; moving to a new connection');
          if (socket === this.current) this.renew();
        },
        onMalformed: (frame) => {
          this.stats.malformed++;
          log.warn({ frame }, 'skipping a malformed market frame');
        },
        onClose: (code, reason) => this.closed(socket, code, reason),
      },
    });
    return socket;
  }

  private other(socket: StreamSocket): StreamSocket | undefined {
    return socket === this.current ? this.next : this.current;
  }

  private notify(event: 'onActive' | 'onInactive', streams: string[]): void;
  private notify(event: 'onRejected', streams: string[], reason: string): void;
  private notify(
    event: 'onActive' | 'onInactive' | 'onRejected',
    streams: string[],
    reason = '',
  ): void {
    try {
      this.opts[event]?.(streams, reason);
    } catch (err) {
      this.opts.logger.error({ err, event }, 'stream listener failed');
    }
  }

  private scheduleRenewal(socket: StreamSocket): void {
    clearTimeout(this.renewTimer);
    const lifetime = this.opts.maxLifetimeMs ?? DAY_MS;
    const margin = this.opts.renewBeforeMs ?? Math.min(5 * 60_000, lifetime / 10);
    this.renewTimer = setTimeout(
      () => {
        if (socket === this.current) this.renew();
      },
      Math.max(0, lifetime - margin),
    );
  }

  /** Opens the replacement socket; `promote` swaps it in once it carries every stream. */
  private renew(): void {
    if (!this.running || this.next || this.desired.size === 0) return;
    this.stats.renewals++;
    this.next = this.open();
  }

  private promote(): void {
    const old = this.current;
    this.current = this.next;
    this.next = undefined;
    if (this.current) this.scheduleRenewal(this.current);
    this.attempt = 0;
    // Everything `old` carries is live on the new socket too, so closing it leaves no gap.
    void old?.close();
  }

  private closed(socket: StreamSocket, code: number, reason: string): void {
    const log = this.opts.logger;
    const lost = [...socket.active].filter((s) => !this.other(socket)?.active.has(s));
    socket.active.clear();
    if (socket === this.next) {
      this.next = undefined;
      if (lost.length > 0) this.notify('onInactive', lost);
      if (this.running && socket.openedAt === 0)
        log.warn({ code }, 'replacement connection failed; keeping the current one');
      return;
    }
    if (socket !== this.current) {
      if (lost.length > 0) this.notify('onInactive', lost);
      return;
    }
    clearTimeout(this.renewTimer);
    this.current = undefined;
    if (lost.length > 0) this.notify('onInactive', lost);
    if (!this.running) return;
    if (this.next) {
      // Cut before the replacement was ready: it becomes the connection and finishes subscribing.
      this.current = this.next;
      this.next = undefined;
      this.scheduleRenewal(this.current);
      return;
    }
    if (this.desired.size === 0) return;
    if (socket.openedAt && Date.now() - socket.openedAt >= (this.opts.stableAfterMs ?? 30_000))
      this.attempt = 0;
    const delay = backoffDelay(
      this.attempt++,
      this.opts.reconnect ?? { minMs: 500, maxMs: 30_000 },
    );
    log.warn({ code, reason, retryInMs: delay }, 'market stream closed; reconnecting');
    this.reconnectTimer = setTimeout(() => this.dial(), delay);
  }
}
