// Market data in. The feed follows the union of the markets somebody needs (the configured ones,
// charts being watched, later alert rules: see SubscriptionSet), carries their kline streams over
// as few exchange connections as Binance's limits allow (StreamPool), and gives each market a
// MarketSync that stores closed candles gaplessly and publishes updates in order on the bus.
import { klineEventToCandle, klineStreamName } from '@coinview/core/binance';
import type { Interval } from '@coinview/core/interval';
import type { EventPublisher } from '@coinview/core/ports';
import type { Logger } from 'pino';
import type { CandleStore } from '../adapters/candle-store';
import { StreamPool, type StreamPoolOptions } from '../adapters/stream-pool';
import type { BackoffOptions } from '../backoff';
import type { Service } from '../service';
import { type KlineRest, MarketSync, type MarketSyncStats } from './market-sync';
import { type Market, SubscriptionSet } from './subscription-set';

export type ConnectionOptions = Omit<
  StreamPoolOptions,
  'logger' | 'wsUrl' | 'onKline' | 'onActive' | 'onInactive' | 'onRejected'
>;

export interface MarketFeedOptions {
  store: CandleStore;
  publisher: EventPublisher;
  rest: KlineRest;
  wsUrl: string;
  /** Followed for as long as the feed runs (MARKET_SYMBOLS × MARKET_INTERVALS). */
  markets: Market[];
  logger: Logger;
  /** Closed candles fetched for a market with nothing stored yet (default 999). */
  initialBackfillBars?: number;
  /** At most this many closed candles fetched per market by one sync (default 100,000). */
  maxBackfillBars?: number;
  /** Retry delays of a failing backfill (default 250 ms doubling to 15 s). */
  syncRetry?: BackoffOptions;
  /** Updates buffered per market while it syncs (default 10,000). */
  maxBufferedUpdates?: number;
  connection?: ConnectionOptions;
}

export interface MarketFeedStats extends MarketSyncStats {
  connects: number;
  events: number;
  malformed: number;
  requests: number;
  renewals: number;
  connections: number;
  markets: number;
}

export class MarketFeed implements Service {
  readonly name = 'market-feed';
  private readonly log: Logger;
  private readonly wanted = new SubscriptionSet();
  private readonly markets = new Map<string, MarketSync>();
  private readonly pool: StreamPool;
  private readonly abort = new AbortController();
  private readonly retired: MarketSyncStats = {
    applied: 0,
    published: 0,
    stored: 0,
    stale: 0,
    conflated: 0,
    syncs: 0,
    backfilled: 0,
  };
  private readonly disposing = new Set<Promise<void>>();

  constructor(private readonly opts: MarketFeedOptions) {
    this.log = opts.logger;
    this.pool = new StreamPool({
      ...opts.connection,
      wsUrl: opts.wsUrl,
      logger: opts.logger.child({ adapter: 'binance-stream' }),
      onKline: (event, stream) =>
        this.markets.get(stream)?.push({ candle: klineEventToCandle(event), eventTime: event.E }),
      onActive: (streams) => streams.forEach((s) => this.markets.get(s)?.connect()),
      onInactive: (streams) => streams.forEach((s) => this.markets.get(s)?.disconnect()),
      onRejected: (streams, reason) => {
        this.log.error({ streams, reason }, 'markets the exchange does not serve; not followed');
        streams.forEach((s) => this.markets.get(s)?.disconnect());
      },
    });
    for (const market of opts.markets) this.watch(market.symbol, market.interval);
  }

  get stats(): MarketFeedStats {
    const totals = { ...this.retired };
    for (const m of this.markets.values())
      for (const key of Object.keys(totals) as (keyof MarketSyncStats)[])
        totals[key] += m.stats[key];
    return {
      ...this.pool.stats,
      ...totals,
      connections: this.pool.connectionCount,
      markets: this.markets.size,
    };
  }

  /** The market's state, for tests and diagnostics. */
  market(symbol: string, interval: Interval): MarketSync | undefined {
    return this.markets.get(klineStreamName(symbol, interval));
  }

  /** Streams per exchange connection. */
  get connectionLayout(): number[] {
    return this.pool.layout;
  }

  /** Adds a reference to the market; its stream is subscribed with the first one. */
  watch(symbol: string, interval: Interval): void {
    if (!this.wanted.add({ symbol, interval })) return;
    const stream = klineStreamName(symbol, interval);
    this.markets.set(
      stream,
      new MarketSync(symbol, interval, {
        store: this.opts.store,
        rest: this.opts.rest,
        publisher: this.opts.publisher,
        logger: this.log,
        initialBars: this.opts.initialBackfillBars ?? 999,
        maxBackfillBars: this.opts.maxBackfillBars ?? 100_000,
        retry: this.opts.syncRetry ?? { minMs: 250, maxMs: 15_000 },
        maxBuffered: this.opts.maxBufferedUpdates ?? 10_000,
        signal: this.abort.signal,
      }),
    );
    this.pool.add([stream]);
  }

  /** Drops a reference; the stream is unsubscribed with the last one. */
  unwatch(symbol: string, interval: Interval): void {
    if (!this.wanted.remove({ symbol, interval })) return;
    const stream = klineStreamName(symbol, interval);
    this.pool.remove([stream]);
    const market = this.markets.get(stream);
    this.markets.delete(stream);
    if (market) {
      for (const key of Object.keys(this.retired) as (keyof MarketSyncStats)[])
        this.retired[key] += market.stats[key];
      const done = market.dispose();
      this.disposing.add(done);
      void done.finally(() => this.disposing.delete(done));
    }
  }

  async start(): Promise<void> {
    this.pool.start();
    this.log.info(
      { markets: this.markets.size, connections: this.pool.connectionCount },
      'market feed started',
    );
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.pool.stop();
    await Promise.all([...[...this.markets.values()].map((m) => m.dispose()), ...this.disposing]);
    this.log.info(this.stats, 'market feed stopped');
  }
}
