// One combined-stream connection to Binance (or the exchange-sim): `<wsUrl>/stream?streams=a/b`.
// Every frame is validated; a malformed one is logged and skipped, never fatal. The connection is
// re-opened with jittered exponential backoff whenever it drops or goes silent, and `onOpen` runs
// on every (re)connect so the owner can heal the gap. Binance pings every 20 s and expects pongs:
// the `ws` client answers pings by itself (autoPong, on by default).
import { type KlineEvent, combinedFrameSchema, klineEventSchema } from '@coinview/core/binance';
import type { Logger } from 'pino';
import WebSocket, { type RawData } from 'ws';
import { type BackoffOptions, backoffDelay } from '../backoff';

export interface BinanceStreamOptions {
  /** Base URL, e.g. ws://127.0.0.1:9443 or wss://stream.binance.com:9443 */
  wsUrl: string;
  /** Stream names, e.g. btcusdt@kline_1m */
  streams: string[];
  logger: Logger;
  onKline(event: KlineEvent): void;
  /** Called after each successful (re)connect. */
  onOpen?(): void;
  reconnect?: BackoffOptions;
  /** No frame and no ping for this long means the connection is dead (default 60 s). */
  idleTimeoutMs?: number;
  /** A connection that lived this long resets the backoff (default 30 s). */
  stableAfterMs?: number;
}

export interface StreamStats {
  connects: number;
  events: number;
  malformed: number;
}

const MAX_LOGGED_CHARS = 200;

export class BinanceStream {
  private ws: WebSocket | undefined;
  private running = false;
  private attempt = 0;
  private openedAt = 0;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  readonly stats: StreamStats = { connects: 0, events: 0, malformed: 0 };

  constructor(private readonly opts: BinanceStreamOptions) {
    if (opts.streams.length === 0) throw new Error('BinanceStream needs at least one stream');
  }

  get url(): string {
    return `${this.opts.wsUrl.replace(/\/+$/, '')}/stream?streams=${this.opts.streams.join('/')}`;
  }

  get connected(): boolean {
    return this.ws?.readyState === WebSocket.OPEN;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.connect();
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.reconnectTimer);
    clearTimeout(this.idleTimer);
    const ws = this.ws;
    this.ws = undefined;
    if (!ws || ws.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      ws.once('close', () => resolve());
      // A polite close, or a hard one if the server does not answer it promptly.
      const timer = setTimeout(() => ws.terminate(), 2_000);
      ws.once('close', () => clearTimeout(timer));
      if (ws.readyState === WebSocket.CONNECTING) ws.terminate();
      else ws.close(1000);
    });
  }

  private connect(): void {
    const log = this.opts.logger;
    const ws = new WebSocket(this.url, { handshakeTimeout: 10_000 });
    this.ws = ws;
    ws.on('open', () => {
      this.openedAt = Date.now();
      this.stats.connects++;
      this.armIdleTimer(ws);
      log.info({ streams: this.opts.streams.length }, 'market stream connected');
      try {
        this.opts.onOpen?.();
      } catch (err) {
        log.error({ err }, 'onOpen handler failed');
      }
    });
    ws.on('message', (data, isBinary) => {
      this.armIdleTimer(ws);
      this.handle(data, isBinary);
    });
    ws.on('ping', () => this.armIdleTimer(ws));
    ws.on('error', (err) => log.warn({ err: err.message }, 'market stream error'));
    ws.on('close', (code, reason) => {
      if (this.ws !== ws) return; // an old socket, already replaced or stopped
      this.ws = undefined;
      clearTimeout(this.idleTimer);
      if (!this.running) return;
      if (this.openedAt && Date.now() - this.openedAt >= (this.opts.stableAfterMs ?? 30_000)) this.attempt = 0;
      this.openedAt = 0;
      const delay = backoffDelay(this.attempt++, this.opts.reconnect ?? { minMs: 500, maxMs: 30_000 });
      log.warn({ code, reason: reason.toString(), retryInMs: delay }, 'market stream closed; reconnecting');
      this.reconnectTimer = setTimeout(() => this.connect(), delay);
    });
  }

  private armIdleTimer(ws: WebSocket): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      this.opts.logger.warn('market stream silent for too long; reconnecting');
      ws.terminate();
    }, this.opts.idleTimeoutMs ?? 60_000);
  }

  private handle(data: RawData, isBinary: boolean): void {
    const text = isBinary ? undefined : data.toString();
    const event = text === undefined ? undefined : parseKlineFrame(text);
    if (!event) {
      this.stats.malformed++;
      this.opts.logger.warn({ frame: (text ?? '<binary>').slice(0, MAX_LOGGED_CHARS) }, 'skipping a malformed market frame');
      return;
    }
    this.stats.events++;
    try {
      this.opts.onKline(event);
    } catch (err) {
      this.opts.logger.error({ err }, 'kline handler failed');
    }
  }
}

/** The kline event inside a combined-stream frame, or undefined when the frame is anything else. */
export function parseKlineFrame(text: string): KlineEvent | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const frame = combinedFrameSchema.safeParse(json);
  if (!frame.success) return undefined;
  const event = klineEventSchema.safeParse(frame.data.data);
  return event.success ? event.data : undefined;
}
