// Market data in: live kline updates from the exchange go out on the bus (forming and closed), and
// closed candles are stored first, so anyone told "this bar closed" can already read it from
// Postgres. On every (re)connect the last closed candles are fetched over REST and stored, which
// heals a short disconnect; long gaps are a later backfill's job.
import { type KlineEvent, klineEventToCandle, klineStreamName, restKlineToCandle } from '@coinview/core/binance';
import { type Candle, candleTopic } from '@coinview/core/candle';
import type { Interval } from '@coinview/core/interval';
import type { EventPublisher } from '@coinview/core/ports';
import type { Db } from '@coinview/db/client';
import { upsertCandles } from '@coinview/db/candles';
import type { Logger } from 'pino';
import { type BackoffOptions, backoffDelay } from '../backoff';
import type { BinanceRest } from '../adapters/binance-rest';
import { BinanceStream } from '../adapters/binance-stream';
import type { Service } from '../service';

export interface MarketFeedOptions {
  db: Db;
  publisher: EventPublisher;
  rest: BinanceRest;
  wsUrl: string;
  symbols: string[];
  intervals: Interval[];
  logger: Logger;
  /** Closed candles fetched per symbol and interval on each (re)connect (default 999: one request). */
  backfillLimit?: number;
  reconnect?: BackoffOptions;
  idleTimeoutMs?: number;
}

const BACKFILL_ATTEMPTS = 3;

export class MarketFeed implements Service {
  readonly name = 'market-feed';
  private readonly stream: BinanceStream;
  private readonly log: Logger;
  /** Updates are handled one at a time, in arrival order (store-then-publish must not reorder). */
  private queue: Promise<void> = Promise.resolve();
  private backfills = new Set<Promise<void>>();
  private running = false;

  constructor(private readonly opts: MarketFeedOptions) {
    this.log = opts.logger;
    const streams = opts.symbols.flatMap((symbol) => opts.intervals.map((interval) => klineStreamName(symbol, interval)));
    this.stream = new BinanceStream({
      wsUrl: opts.wsUrl,
      streams,
      logger: opts.logger.child({ adapter: 'binance-stream' }),
      onKline: (event) => this.enqueue(event),
      onOpen: () => this.track(this.backfillAll()),
      reconnect: opts.reconnect,
      idleTimeoutMs: opts.idleTimeoutMs,
    });
  }

  get stats() {
    return this.stream.stats;
  }

  async start(): Promise<void> {
    this.running = true;
    this.stream.start();
    this.log.info({ url: this.stream.url }, 'market feed started');
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.stream.stop();
    await Promise.allSettled([...this.backfills]);
    await this.queue;
    this.log.info('market feed stopped');
  }

  private enqueue(event: KlineEvent): void {
    const candle = klineEventToCandle(event);
    this.queue = this.queue.then(() => this.handle(candle));
  }

  private async handle(candle: Candle): Promise<void> {
    const topic = candleTopic(candle.symbol, candle.interval);
    if (candle.closed) {
      try {
        await upsertCandles(this.opts.db, [candle]);
      } catch (err) {
        // Still published: the live chart should not stall. The next reconnect's backfill re-stores it.
        this.log.error({ err, symbol: candle.symbol, interval: candle.interval, openTime: candle.openTime }, 'failed to store a closed candle');
      }
    }
    try {
      await this.opts.publisher.publish(topic, candle);
    } catch (err) {
      this.log.error({ err, topic }, 'failed to publish a candle update');
    }
  }

  private track(work: Promise<void>): void {
    this.backfills.add(work);
    void work.finally(() => this.backfills.delete(work));
  }

  private async backfillAll(): Promise<void> {
    for (const symbol of this.opts.symbols) {
      for (const interval of this.opts.intervals) {
        if (!this.running) return;
        await this.backfill(symbol, interval);
      }
    }
  }

  /** Stores the last closed candles from REST; retried a few times, then left to the next connect. */
  private async backfill(symbol: string, interval: Interval): Promise<void> {
    const limit = this.opts.backfillLimit ?? 999;
    for (let attempt = 0; attempt < BACKFILL_ATTEMPTS && this.running; attempt++) {
      try {
        // Closedness is judged by the exchange's clock, not ours; +1 row for the forming bar.
        const serverTime = await this.opts.rest.serverTime();
        const rows = await this.opts.rest.klines(symbol, interval, { limit: Math.min(limit + 1, 1000) });
        const closed = rows.map((row) => restKlineToCandle(symbol, interval, row, serverTime)).filter((c) => c.closed);
        const written = await upsertCandles(this.opts.db, closed);
        this.log.info({ symbol, interval, fetched: closed.length, written }, 'backfilled recent candles');
        return;
      } catch (err) {
        this.log.warn({ err, symbol, interval, attempt }, 'backfill failed');
        await new Promise((r) => setTimeout(r, backoffDelay(attempt, { minMs: 500, maxMs: 5_000 })));
      }
    }
    if (this.running) this.log.error({ symbol, interval }, 'backfill gave up until the next reconnect');
  }
}
