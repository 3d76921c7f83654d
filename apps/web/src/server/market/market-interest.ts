// This web process's side of the market-interest protocol (see @coinview/core/market-interest):
// while any browser has a live chart of a market open here, the worker is told to stream it.
//
// Charts are counted per market in this process, so a hundred tabs on BTCUSDT 1m make one lease
// and one heartbeat. The first chart announces the lease, a timer renews it every `heartbeatMs`
// (well inside `leaseMs`, so one lost NOTIFY does not drop the market), the last chart to close
// releases it, and a worker that (re)starts and asks is answered with every market held here.
// Messages go out one at a time: the pool behind the bus could otherwise reorder a release and
// the lease that follows it.
import type { Interval } from '@coinview/core/interval';
import {
  type MarketInterestMessage,
  marketInterestSyncSchema,
} from '@coinview/core/market-interest';
import type { EventPublisher, EventSubscriber } from '@coinview/core/ports';
import { MARKET_INTEREST_SYNC_TOPIC, MARKET_INTEREST_TOPIC } from '@coinview/db/bus-topics';
import type { Logger } from 'pino';

export interface ChartMarket {
  symbol: string;
  interval: Interval;
}

/** What the market router needs: keep a market streamed while one chart of it is open. */
export interface MarketInterestHolder {
  /** Holds the market until the returned function is called (calling it again does nothing). */
  hold(market: ChartMarket): () => void;
}

export interface MarketInterestOptions {
  getBus: () => Promise<EventPublisher & EventSubscriber>;
  /** Names this process in its leases; unique per process. */
  instanceId: string;
  /** Lease renewal period (default 20 s). */
  heartbeatMs?: number;
  /** How long the worker keeps a lease without renewal (default 60 s). */
  leaseMs?: number;
  logger?: Logger;
}

interface Held {
  market: ChartMarket;
  charts: number;
  heartbeat: NodeJS.Timeout;
}

const keyOf = (m: ChartMarket) => `${m.symbol}:${m.interval}`;

export class MarketInterest implements MarketInterestHolder {
  readonly instanceId: string;
  private readonly heartbeatMs: number;
  private readonly leaseMs: number;
  private readonly held = new Map<string, Held>();
  private outbox: Promise<void> = Promise.resolve();
  private syncSubscription: Promise<(() => Promise<void>) | undefined> | undefined;
  private stopped = false;

  constructor(private readonly opts: MarketInterestOptions) {
    this.instanceId = opts.instanceId;
    this.heartbeatMs = opts.heartbeatMs ?? 20_000;
    this.leaseMs = opts.leaseMs ?? 60_000;
    if (!(this.heartbeatMs > 0 && this.heartbeatMs < this.leaseMs))
      throw new Error(`heartbeatMs (${this.heartbeatMs}) must be below leaseMs (${this.leaseMs})`);
  }

  hold(market: ChartMarket): () => void {
    const key = keyOf(market);
    const existing = this.held.get(key);
    if (existing) existing.charts++;
    else if (!this.stopped) {
      const m = { symbol: market.symbol, interval: market.interval };
      const heartbeat = setInterval(() => this.send(this.lease(m)), this.heartbeatMs);
      heartbeat.unref();
      this.held.set(key, { market: m, charts: 1, heartbeat });
      this.listenForSync();
      this.send(this.lease(m));
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.letGo(key);
    };
  }

  /** Markets held now, with how many charts hold each (for tests and diagnostics). */
  holdings(): (ChartMarket & { charts: number })[] {
    return [...this.held.values()].map((h) => ({ ...h.market, charts: h.charts }));
  }

  /** Releases everything and stops answering the worker; resolves once the releases are sent. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const key of [...this.held.keys()]) this.drop(key);
    const unsubscribe = await this.syncSubscription?.catch(() => undefined);
    this.syncSubscription = undefined;
    await unsubscribe?.();
    await this.outbox;
  }

  private letGo(key: string): void {
    const held = this.held.get(key);
    if (!held) return;
    held.charts--;
    if (held.charts === 0) this.drop(key);
  }

  private drop(key: string): void {
    const held = this.held.get(key);
    if (!held) return;
    clearInterval(held.heartbeat);
    this.held.delete(key);
    this.send({ kind: 'release', ...held.market, instanceId: this.instanceId });
  }

  private lease(market: ChartMarket): MarketInterestMessage {
    return { kind: 'lease', ...market, instanceId: this.instanceId, leaseMs: this.leaseMs };
  }

  private send(message: MarketInterestMessage): void {
    this.outbox = this.outbox
      .then(async () => (await this.opts.getBus()).publish(MARKET_INTEREST_TOPIC, message))
      .catch((err: unknown) =>
        // The next heartbeat (or a worker's sync request) announces the lease again.
        this.opts.logger?.warn(
          { err, kind: message.kind, symbol: message.symbol, interval: message.interval },
          'could not announce market interest',
        ),
      );
  }

  /** Subscribes to the worker's sync requests once; a failed attempt is retried by the next hold. */
  private listenForSync(): void {
    if (this.syncSubscription) return;
    const subscription = (async () => {
      const bus = await this.opts.getBus();
      return bus.subscribe(MARKET_INTEREST_SYNC_TOPIC, (payload) => this.answerSync(payload));
    })().catch((err: unknown) => {
      this.opts.logger?.warn({ err }, 'could not listen for market-interest sync requests');
      if (this.syncSubscription === subscription) this.syncSubscription = undefined;
      return undefined;
    });
    this.syncSubscription = subscription;
  }

  private answerSync(payload: unknown): void {
    const parsed = marketInterestSyncSchema.safeParse(payload);
    if (!parsed.success) {
      this.opts.logger?.warn({ payload }, 'malformed market-interest sync request; ignored');
      return;
    }
    this.opts.logger?.debug(
      { requestedBy: parsed.data.requestedBy, markets: this.held.size },
      'worker asked for market interest; re-announcing',
    );
    for (const held of this.held.values()) this.send(this.lease(held.market));
  }
}
