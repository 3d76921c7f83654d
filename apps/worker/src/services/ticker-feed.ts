// 24 h tickers of every symbol for the watchlists: one raw-stream connection to `!miniTicker@arr`
// (Binance pushes the symbols that changed, once a second), and at most one publication per
// `publishIntervalMs` on the bus topic `tickers` with the tickers whose numbers moved since the
// last one, split into batches that fit a NOTIFY.
//
// It does not reuse BinanceStream: that machinery is built around klines on a combined stream with
// live SUBSCRIBE bookkeeping and seamless renewals, none of which one fixed all-symbols stream
// needs. A dropped connection is re-dialled with the same jittered backoff; missing a second of
// tickers is harmless because every frame carries complete 24 h numbers.
import { miniTickerEventSchema } from '@coinview/core/binance';
import type { EventPublisher } from '@coinview/core/ports';
import {
  encodeTickerBatches,
  miniTickerToTicker,
  type Ticker,
  tickerChanged,
} from '@coinview/core/ticker';
import type { Logger } from 'pino';
import WebSocket from 'ws';
import { type BackoffOptions, backoffDelay } from '../backoff';
import type { Service } from '../service';
import { frameText } from '@coinview/exchange/ws-frame';
import { TICKERS_TOPIC } from '@coinview/db/bus-topics';

export const ALL_MINI_TICKERS_STREAM = '!miniTicker@arr';

export interface TickerFeedOptions {
  /** Base URL, e.g. ws://127.0.0.1:9443 or wss://stream.binance.com:9443 */
  wsUrl: string;
  publisher: EventPublisher;
  logger: Logger;
  /** Publish at most this often (default 1000 ms). */
  publishIntervalMs?: number;
  reconnect?: BackoffOptions;
  /** No frame or ping for this long means the socket is dead (default 60 s). */
  idleTimeoutMs?: number;
  /** A socket that lived this long resets the backoff (default 30 s). */
  stableAfterMs?: number;
  /** Batch size limit in bytes (default: core's MAX_TICKER_BATCH_BYTES). */
  maxBatchBytes?: number;
}

export interface TickerFeedStats {
  connects: number;
  frames: number;
  malformed: number;
  /** Bus notifications sent. */
  notifications: number;
  /** Tickers published (one per symbol per publication). */
  published: number;
}

const MAX_LOGGED_CHARS = 200;

export class TickerFeed implements Service {
  readonly name = 'ticker-feed';
  readonly stats: TickerFeedStats = {
    connects: 0,
    frames: 0,
    malformed: 0,
    notifications: 0,
    published: 0,
  };
  /** Newest ticker received per symbol. */
  private readonly latest = new Map<string, Ticker>();
  /** What was last published per symbol. */
  private readonly sent = new Map<string, Ticker>();
  private ws: WebSocket | undefined;
  private running = false;
  private attempt = 0;
  private openedAt = 0;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private publishTimer: NodeJS.Timeout | undefined;
  private publishing: Promise<void> = Promise.resolve();

  constructor(private readonly opts: TickerFeedOptions) {}

  get connected(): boolean {
    return this.ws?.readyState === WebSocket.OPEN;
  }

  start(): Promise<void> {
    if (this.running) return Promise.resolve();
    this.running = true;
    this.dial();
    this.publishTimer = setInterval(() => {
      // One publication at a time: a slow bus skips ticks rather than piling them up.
      void (this.publishing = this.publishing.then(() => this.flush()));
    }, this.opts.publishIntervalMs ?? 1000);
    return Promise.resolve();
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.reconnectTimer);
    clearTimeout(this.idleTimer);
    clearInterval(this.publishTimer);
    const ws = this.ws;
    this.ws = undefined;
    if (ws && ws.readyState !== WebSocket.CLOSED) {
      await new Promise<void>((resolve) => {
        ws.once('close', () => resolve());
        ws.terminate();
      });
    }
    await this.publishing;
  }

  private dial(): void {
    this.reconnectTimer = undefined;
    if (!this.running) return;
    const log = this.opts.logger;
    const url = `${this.opts.wsUrl.replace(/\/+$/, '')}/ws/${ALL_MINI_TICKERS_STREAM}`;
    const ws = new WebSocket(url, { handshakeTimeout: 10_000 });
    this.ws = ws;
    this.armIdleTimer(ws);
    ws.on('open', () => {
      this.openedAt = Date.now();
      this.stats.connects++;
      log.info('ticker stream connected');
    });
    ws.on('message', (data, isBinary) => {
      this.armIdleTimer(ws);
      if (isBinary) return this.malformed('<binary frame>');
      this.handle(frameText(data));
    });
    ws.on('ping', () => this.armIdleTimer(ws));
    ws.on('error', (err) => log.warn({ err: err.message }, 'ticker stream socket error'));
    ws.on('close', (code, reason) => this.closed(ws, code, reason.toString()));
  }

  private armIdleTimer(ws: WebSocket): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      this.opts.logger.warn('ticker stream silent; reconnecting');
      ws.terminate();
    }, this.opts.idleTimeoutMs ?? 60_000);
  }

  private closed(ws: WebSocket, code: number, reason: string): void {
    if (ws !== this.ws) return;
    clearTimeout(this.idleTimer);
    this.ws = undefined;
    if (!this.running) return;
    if (this.openedAt && Date.now() - this.openedAt >= (this.opts.stableAfterMs ?? 30_000))
      this.attempt = 0;
    this.openedAt = 0;
    const delay = backoffDelay(
      this.attempt++,
      this.opts.reconnect ?? { minMs: 500, maxMs: 30_000 },
    );
    this.opts.logger.warn({ code, reason, retryInMs: delay }, 'ticker stream closed; reconnecting');
    this.reconnectTimer = setTimeout(() => this.dial(), delay);
  }

  private handle(text: string): void {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return this.malformed(text);
    }
    if (!Array.isArray(json)) return this.malformed(text);
    this.stats.frames++;
    for (const item of json) {
      const event = miniTickerEventSchema.safeParse(item);
      if (!event.success) {
        this.malformed(JSON.stringify(item));
        continue;
      }
      const ticker = miniTickerToTicker(event.data);
      const known = this.latest.get(ticker.symbol);
      // A late or repeated frame must not move the price back.
      if (known && known.eventTime >= ticker.eventTime) continue;
      this.latest.set(ticker.symbol, ticker);
    }
  }

  private malformed(frame: string): void {
    this.stats.malformed++;
    this.opts.logger.warn(
      { frame: frame.slice(0, MAX_LOGGED_CHARS) },
      'skipping a malformed ticker frame',
    );
  }

  /** Publishes the tickers that moved since the last publication. */
  private async flush(): Promise<void> {
    const changed: Ticker[] = [];
    for (const [symbol, ticker] of this.latest)
      if (tickerChanged(this.sent.get(symbol), ticker)) changed.push(ticker);
    if (changed.length === 0) return;
    // Batches keep the order of `changed`, so `offset` tracks which tickers a batch carried.
    let offset = 0;
    for (const batch of encodeTickerBatches(changed, this.opts.maxBatchBytes)) {
      const carried = changed.slice(offset, offset + batch.rows.length);
      offset += batch.rows.length;
      try {
        await this.opts.publisher.publish(TICKERS_TOPIC, batch);
        this.stats.notifications++;
        this.stats.published += carried.length;
        for (const ticker of carried) this.sent.set(ticker.symbol, ticker);
      } catch (err) {
        // Left unsent: the next tick tries again with whatever is newest by then.
        this.opts.logger.warn({ err }, 'could not publish tickers');
      }
    }
  }
}
