// Makes the market feed follow the charts users have open. Web processes lease the markets their
// browsers watch (protocol: @coinview/core/market-interest); a market gets a feed reference when its
// first lease arrives and loses it when its last lease is released or lapses. Configured markets
// are followed anyway and are left alone here.
//
// Guards, since anything on the bus can ask: messages are validated (malformed ones are logged and
// skipped), a symbol must be listed by the exchange before its stream is subscribed, and at most
// `maxWatched` markets are followed on request. On start (and after the bus reconnects, when
// leases may have been missed) every web process is asked to re-announce what it holds, so a
// restarted worker streams the open charts again at once instead of at their next heartbeat.
import { type MarketInterestSync, marketInterestSchema } from '@coinview/core/market-interest';
import type { EventPublisher, EventSubscriber } from '@coinview/core/ports';
import { MARKET_INTEREST_SYNC_TOPIC, MARKET_INTEREST_TOPIC } from '@coinview/db/bus-topics';
import type { Logger } from 'pino';
import type { Service } from '../service';
import type { MarketFeed } from './market-feed';
import { LeaseTable } from './market-interest-leases';
import type { SymbolCheck } from './market-interest-symbols';
import { type Market, marketKey } from './subscription-set';

export interface MarketInterestOptions {
  bus: EventPublisher & EventSubscriber;
  feed: Pick<MarketFeed, 'watch' | 'unwatch'>;
  symbols: SymbolCheck;
  /** Followed by the feed regardless (MARKET_SYMBOLS × MARKET_INTERVALS). */
  configured: Market[];
  /** Markets followed on request at most at once (default 200). */
  maxWatched?: number;
  /** How often lapsed leases are looked for (default 1 s). */
  sweepMs?: number;
  /** Names this worker in its sync requests. */
  instanceId: string;
  now?: () => number;
  logger: Logger;
}

export interface MarketInterestStats {
  leases: number;
  releases: number;
  expired: number;
  malformed: number;
  unknownSymbols: number;
  refused: number;
  watches: number;
  unwatches: number;
}

interface Followed {
  market: Market;
  /** `checking` until the exchange confirmed the symbol; `watched` once the feed follows it. */
  state: 'checking' | 'watched';
}

export class MarketInterest implements Service {
  readonly name = 'market-interest';
  readonly stats: MarketInterestStats = {
    leases: 0,
    releases: 0,
    expired: 0,
    malformed: 0,
    unknownSymbols: 0,
    refused: 0,
    watches: 0,
    unwatches: 0,
  };
  private readonly log: Logger;
  private readonly leases = new LeaseTable();
  private readonly followed = new Map<string, Followed>();
  private readonly configured: Set<string>;
  private readonly maxWatched: number;
  private readonly now: () => number;
  private unsubscribe: (() => Promise<void>) | undefined;
  private sweeper: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly opts: MarketInterestOptions) {
    this.log = opts.logger;
    this.configured = new Set(opts.configured.map(marketKey));
    this.maxWatched = opts.maxWatched ?? 200;
    this.now = opts.now ?? Date.now;
  }

  /** Markets the feed follows because of leases (not the configured ones). */
  watched(): Market[] {
    return [...this.followed.values()].filter((f) => f.state === 'watched').map((f) => f.market);
  }

  async start(): Promise<void> {
    // Listen before asking, or the answers could go by unheard.
    this.unsubscribe = await this.opts.bus.subscribe(MARKET_INTEREST_TOPIC, (payload) =>
      this.receive(payload),
    );
    this.sweeper = setInterval(() => this.sweep(), this.opts.sweepMs ?? 1_000);
    this.sweeper.unref();
    await this.resync();
    this.log.info({ maxWatched: this.maxWatched }, 'following the markets charts watch');
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.sweeper);
    await this.unsubscribe?.();
    for (const key of [...this.followed.keys()]) this.forget(key);
    this.log.info(this.stats, 'market interest stopped');
  }

  /** Asks every web process to re-announce its markets (leases may have been missed). */
  async resync(): Promise<void> {
    const request: MarketInterestSync = { requestedBy: this.opts.instanceId };
    await this.opts.bus
      .publish(MARKET_INTEREST_SYNC_TOPIC, request)
      .catch((err: unknown) =>
        this.log.warn(
          { err },
          'could not ask web processes for their markets; waiting for heartbeats',
        ),
      );
  }

  private receive(payload: unknown): void {
    if (this.stopped) return;
    const parsed = marketInterestSchema.safeParse(payload);
    if (!parsed.success) {
      this.stats.malformed++;
      this.log.warn(
        { payload, issues: parsed.error.issues },
        'malformed market-interest message; skipped',
      );
      return;
    }
    const message = parsed.data;
    const market: Market = { symbol: message.symbol, interval: message.interval };
    const key = marketKey(market);
    if (this.configured.has(key)) return; // followed anyway
    if (message.kind === 'release') {
      this.stats.releases++;
      if (this.leases.release(market, message.instanceId)) this.forget(key);
      return;
    }
    this.stats.leases++;
    if (!this.leases.grant(market, message.instanceId, this.now() + message.leaseMs)) return;
    if (this.followed.size >= this.maxWatched) {
      this.stats.refused++;
      this.leases.drop(market);
      this.log.warn(
        { ...market, maxWatched: this.maxWatched },
        'too many markets watched on request; not following this one (MAX_WATCHED_MARKETS)',
      );
      return;
    }
    const entry: Followed = { market, state: 'checking' };
    this.followed.set(key, entry);
    void this.confirm(key, entry);
  }

  /** Follows the market once the exchange confirms it lists the symbol and it is still wanted. */
  private async confirm(key: string, entry: Followed): Promise<void> {
    const { symbol, interval } = entry.market;
    let listed: boolean | undefined;
    try {
      listed = await this.opts.symbols.has(symbol);
    } catch (err) {
      this.log.warn(
        { err, symbol, interval },
        'could not check the symbol with the exchange; the next heartbeat retries',
      );
    }
    // Released, lapsed or stopped meanwhile: nothing to follow.
    if (this.followed.get(key) !== entry || this.stopped) return;
    if (!listed) {
      // Forgotten with its leases, so the next lease of it starts over with a fresh check.
      this.followed.delete(key);
      this.leases.drop(entry.market);
      if (listed === false) {
        this.stats.unknownSymbols++;
        this.log.warn(
          { symbol, interval },
          'market asked for is not listed by the exchange; ignored',
        );
      }
      return;
    }
    entry.state = 'watched';
    this.stats.watches++;
    this.opts.feed.watch(symbol, interval);
    this.log.info(
      {
        symbol,
        interval,
        holders: this.leases.holders(entry.market),
        followed: this.followed.size,
      },
      'following a market charts watch',
    );
  }

  private sweep(): void {
    for (const market of this.leases.expire(this.now())) {
      this.stats.expired++;
      this.log.info(market, 'market interest lapsed without a heartbeat');
      this.forget(marketKey(market));
    }
  }

  private forget(key: string): void {
    const entry = this.followed.get(key);
    if (!entry) return;
    this.followed.delete(key);
    if (entry.state !== 'watched') return;
    this.stats.unwatches++;
    this.opts.feed.unwatch(entry.market.symbol, entry.market.interval);
    this.log.info(entry.market, 'no chart watches this market any more; unfollowed');
  }
}
