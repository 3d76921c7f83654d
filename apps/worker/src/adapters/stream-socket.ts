// One WebSocket to the exchange's combined-stream endpoint (`<wsUrl>/stream`). It subscribes live:
// it connects bare and sends SUBSCRIBE / UNSUBSCRIBE requests until the streams it carries match
// the owner's wish list, batching the difference into as few requests as possible and spacing
// requests so that they, plus the pongs `ws` sends by itself, stay under Binance's limit of 5
// incoming messages per second per connection. Streams count as live only once the exchange has
// acknowledged them. A connection that goes silent, or leaves a request unanswered, is cut.
import type { KlineEvent } from '@coinview/core/binance';
import type { Logger } from 'pino';
import WebSocket, { type RawData } from 'ws';
import { parseStreamFrame } from './stream-frame';
import { frameText } from '@coinview/exchange/ws-frame';

export interface StreamSocketEvents {
  onOpen(): void;
  /** The exchange confirmed these streams: their updates flow from now on. */
  onSubscribed(streams: string[]): void;
  onUnsubscribed(streams: string[]): void;
  onRejected(streams: string[], reason: string): void;
  onKline(event: KlineEvent, stream: string): void;
  /** The exchange announced it is going away (Binance's `serverShutdown` event). */
  onShutdownNotice(): void;
  onMalformed(frame: string): void;
  /** Always called once, whether the socket ever opened or not. */
  onClose(code: number, reason: string): void;
}

export interface StreamSocketOptions {
  wsUrl: string;
  logger: Logger;
  /** The owner's current wish list, read whenever the socket reconciles. */
  desired: ReadonlySet<string>;
  events: StreamSocketEvents;
  /** Minimum wall time between two control requests. */
  controlSpacingMs: number;
  maxParamsPerRequest: number;
  idleTimeoutMs: number;
  replyTimeoutMs: number;
  nextRequestId(): number;
  /** Counts the control requests actually sent (for stats and limit checks). */
  onRequestSent?(): void;
}

interface Pending {
  method: 'SUBSCRIBE' | 'UNSUBSCRIBE';
  params: string[];
  timer: NodeJS.Timeout;
}

const MAX_LOGGED_CHARS = 200;

export class StreamSocket {
  /** Streams the exchange has confirmed on this socket. */
  readonly active = new Set<string>();
  private readonly subscribing = new Set<string>();
  private readonly unsubscribing = new Set<string>();
  private readonly pending = new Map<number, Pending>();
  /** Halves of a refused SUBSCRIBE batch, retried separately to find the stream at fault. */
  private readonly retryBatches: string[][] = [];
  private readonly ws: WebSocket;
  private nextSendAt = 0;
  private flushTimer: NodeJS.Timeout | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private closed = false;
  openedAt = 0;

  constructor(private readonly opts: StreamSocketOptions) {
    const ws = new WebSocket(`${opts.wsUrl.replace(/\/+$/, '')}/stream`, {
      handshakeTimeout: 10_000,
    });
    this.ws = ws;
    this.armIdleTimer();
    ws.on('open', () => {
      this.openedAt = Date.now();
      this.armIdleTimer();
      this.opts.events.onOpen();
      this.reconcile();
    });
    ws.on('message', (data, isBinary) => {
      this.armIdleTimer();
      this.handle(data, isBinary);
    });
    ws.on('ping', () => this.armIdleTimer());
    ws.on('pong', () => this.armIdleTimer());
    ws.on('error', (err) => opts.logger.warn({ err: err.message }, 'market stream socket error'));
    ws.on('close', (code, reason) => {
      this.closed = true;
      this.clearTimers();
      this.opts.events.onClose(code, reason.toString());
    });
  }

  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Every wished-for stream is live here and nothing else is. */
  get matchesWishes(): boolean {
    if (
      this.active.size !== this.opts.desired.size ||
      this.subscribing.size + this.unsubscribing.size > 0
    )
      return false;
    for (const stream of this.opts.desired) if (!this.active.has(stream)) return false;
    return true;
  }

  /** Sends whatever requests bring the live streams in line with the wish list, within the rate limit. */
  reconcile(): void {
    if (this.closed || !this.isOpen || this.flushTimer) return;
    const wait = this.nextSendAt - Date.now();
    if (wait > 0) {
      if (this.hasWork()) this.flushTimer = setTimeout(() => this.flushLater(), wait);
      return;
    }
    // Unsubscribing first keeps the socket under the per-connection stream limit during a swap.
    const drop = [...this.active].filter(
      (s) => !this.opts.desired.has(s) && !this.unsubscribing.has(s),
    );
    if (drop.length > 0) {
      this.request('UNSUBSCRIBE', drop.slice(0, this.opts.maxParamsPerRequest));
    } else {
      const add = this.nextSubscribeBatch();
      if (add.length === 0) return;
      this.request('SUBSCRIBE', add);
    }
    if (this.hasWork())
      this.flushTimer = setTimeout(() => this.flushLater(), this.opts.controlSpacingMs);
  }

  /** Polite close; a hard one if the exchange does not answer it promptly. */
  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise<void>((resolve) => {
      this.ws.once('close', () => resolve());
      const timer = setTimeout(() => this.ws.terminate(), 2_000);
      this.ws.once('close', () => clearTimeout(timer));
      if (this.ws.readyState === WebSocket.CONNECTING) this.ws.terminate();
      else this.ws.close(1000);
    });
  }

  terminate(): void {
    if (!this.closed) this.ws.terminate();
  }

  private flushLater(): void {
    this.flushTimer = undefined;
    this.reconcile();
  }

  private wanted(stream: string): boolean {
    return (
      this.opts.desired.has(stream) && !this.active.has(stream) && !this.subscribing.has(stream)
    );
  }

  private nextSubscribeBatch(): string[] {
    while (this.retryBatches.length > 0) {
      const batch = this.retryBatches.shift()!.filter((s) => this.wanted(s));
      if (batch.length > 0) return batch;
    }
    const batch: string[] = [];
    for (const s of this.opts.desired) {
      if (batch.length >= this.opts.maxParamsPerRequest) break;
      if (this.wanted(s)) batch.push(s);
    }
    return batch;
  }

  private hasWork(): boolean {
    for (const s of this.active)
      if (!this.opts.desired.has(s) && !this.unsubscribing.has(s)) return true;
    for (const s of this.opts.desired) if (this.wanted(s)) return true;
    return false;
  }

  private request(method: 'SUBSCRIBE' | 'UNSUBSCRIBE', params: string[]): void {
    const id = this.opts.nextRequestId();
    const inFlight = method === 'SUBSCRIBE' ? this.subscribing : this.unsubscribing;
    for (const p of params) inFlight.add(p);
    const timer = setTimeout(() => {
      this.opts.logger.warn(
        { method, streams: params.length },
        'no reply to a stream request; reconnecting',
      );
      this.terminate();
    }, this.opts.replyTimeoutMs);
    this.pending.set(id, { method, params, timer });
    this.nextSendAt = Date.now() + this.opts.controlSpacingMs;
    this.ws.send(JSON.stringify({ method, params, id }));
    this.opts.onRequestSent?.();
  }

  private handle(data: RawData, isBinary: boolean): void {
    const text = isBinary ? undefined : frameText(data);
    const frame = text === undefined ? undefined : parseStreamFrame(text);
    if (!frame) {
      this.opts.events.onMalformed((text ?? '<binary>').slice(0, MAX_LOGGED_CHARS));
      return;
    }
    if (frame.kind === 'kline') {
      // The exchange only sends what is subscribed: data is as good as the reply (which may be
      // late or lost). Frames of streams being dropped still go to the owner, who decides.
      if (this.subscribing.has(frame.stream)) this.confirm([frame.stream]);
      this.opts.events.onKline(frame.event, frame.stream);
    } else if (frame.kind === 'shutdown') {
      this.opts.events.onShutdownNotice();
    } else {
      this.settle(frame.id, frame.error);
    }
  }

  private settle(
    id: number | string | null,
    error: { code: number; msg: string } | undefined,
  ): void {
    const request = typeof id === 'number' ? this.pending.get(id) : undefined;
    if (!request) {
      this.opts.logger.warn({ id, error }, 'reply to no request of ours');
      return;
    }
    clearTimeout(request.timer);
    this.pending.delete(id as number);
    const { method, params } = request;
    if (method === 'SUBSCRIBE') {
      if (error && params.length > 1) {
        // One bad stream name fails the whole batch: bisect until it is found.
        for (const p of params) this.subscribing.delete(p);
        const half = Math.ceil(params.length / 2);
        this.retryBatches.push(params.slice(0, half), params.slice(half));
      } else if (error) {
        for (const p of params) this.subscribing.delete(p);
        this.opts.events.onRejected(params, `${error.code} ${error.msg}`);
      } else {
        this.confirm(params);
      }
    } else {
      for (const p of params) {
        this.unsubscribing.delete(p);
        // Refused or not, stop treating it as live: retrying could loop forever.
        this.active.delete(p);
      }
      if (error) this.opts.logger.warn({ streams: params, error }, 'UNSUBSCRIBE refused');
      this.opts.events.onUnsubscribed(params);
    }
    this.reconcile();
  }

  /** Marks streams live (once) and tells the owner. */
  private confirm(streams: string[]): void {
    const fresh = streams.filter((s) => !this.active.has(s));
    for (const s of streams) this.subscribing.delete(s);
    for (const s of fresh) this.active.add(s);
    if (fresh.length > 0) this.opts.events.onSubscribed(fresh);
  }

  private armIdleTimer(): void {
    clearTimeout(this.idleTimer);
    if (this.closed) return;
    this.idleTimer = setTimeout(() => {
      this.opts.logger.warn(
        { idleMs: this.opts.idleTimeoutMs },
        'market stream silent for too long; reconnecting',
      );
      this.terminate();
    }, this.opts.idleTimeoutMs);
  }

  private clearTimers(): void {
    clearTimeout(this.idleTimer);
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    for (const request of this.pending.values()) clearTimeout(request.timer);
    this.pending.clear();
  }
}
