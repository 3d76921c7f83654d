// Integration: leases published on a real LISTEN/NOTIFY bus (as web processes do) → MarketInterest
// → a real MarketFeed on the exchange-sim at 600x speed (a 3m bar lasts 300 ms) → Postgres and the
// bus. ETHUSDT 3m and 30m are none of the configured markets, so only leases get them streamed.
import { type Candle } from '@coinview/core/candle';
import type { Interval } from '@coinview/core/interval';
import { type MarketInterestMessage } from '@coinview/core/market-interest';
import { PgBus } from '@coinview/db/bus';
import { listCandles } from '@coinview/db/candles';
import { type TestDatabase, createTestDatabase } from '@coinview/db/testing';
import { BinanceRestClient } from '@coinview/exchange/rest';
import { type ExchangeSim, startExchangeSim } from '@coinview/exchange-sim/server';
import {
  candleTopic,
  MARKET_INTEREST_SYNC_TOPIC,
  MARKET_INTEREST_TOPIC,
} from '@coinview/db/bus-topics';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectComplete, newestClosed, sleep, until } from '../../test/feed-harness';
import { PgCandleStore } from '../adapters/candle-store';
import { MarketFeed } from './market-feed';
import { MarketInterest, type MarketInterestOptions } from './market-interest';
import { ExchangeSymbols } from './market-interest-symbols';
import type { Market } from './subscription-set';

const silent = pino({ level: 'silent' });
const CONFIGURED: Market[] = [{ symbol: 'BTCUSDT', interval: '1m' }];
const ETH_3M: Market = { symbol: 'ETHUSDT', interval: '3m' };
const ETH_30M: Market = { symbol: 'ETHUSDT', interval: '30m' };

let sim: ExchangeSim;
let database: TestDatabase;
let workerBus: PgBus;
let webBus: PgBus;
let rest: BinanceRestClient;
let feed: MarketFeed;
const watchCalls: string[] = [];
const services: MarketInterest[] = [];
const timers: NodeJS.Timeout[] = [];

beforeAll(async () => {
  [sim, database] = await Promise.all([
    startExchangeSim({ speed: 600, tickMs: 20, logger: silent, symbols: ['BTCUSDT', 'ETHUSDT'] }),
    createTestDatabase(),
  ]);
  workerBus = new PgBus(database.url);
  webBus = new PgBus(database.url);
  rest = new BinanceRestClient({ baseUrl: sim.restUrl, backoff: { minMs: 20, maxMs: 200 } });
  feed = new MarketFeed({
    store: new PgCandleStore(database.db),
    publisher: workerBus,
    rest,
    wsUrl: sim.wsUrl,
    markets: CONFIGURED,
    logger: silent,
    initialBackfillBars: 30,
    syncRetry: { minMs: 20, maxMs: 200 },
    connection: { reconnect: { minMs: 20, maxMs: 200 }, idleTimeoutMs: 1_000 },
  });
  await feed.start();
});

afterEach(async () => {
  timers.splice(0).forEach((t) => clearInterval(t));
  await Promise.all(services.splice(0).map((s) => s.stop()));
  watchCalls.length = 0;
});

afterAll(async () => {
  await feed?.stop();
  await Promise.allSettled([workerBus?.close(), webBus?.close(), sim?.stop()]);
  await database?.cleanup();
});

async function startInterest(overrides: Partial<MarketInterestOptions> = {}) {
  const service = new MarketInterest({
    bus: workerBus,
    // The real feed, with a record of what it was asked to follow.
    feed: {
      watch: (symbol: string, interval: Interval) => {
        watchCalls.push(`${symbol} ${interval}`);
        feed.watch(symbol, interval);
      },
      unwatch: (symbol: string, interval: Interval) => feed.unwatch(symbol, interval),
    },
    symbols: new ExchangeSymbols({ rest }),
    configured: CONFIGURED,
    sweepMs: 20,
    instanceId: 'worker-test',
    logger: silent,
    ...overrides,
  });
  services.push(service);
  await service.start();
  return service;
}

/** What a web process sends while one of its browsers has the market open. */
const lease = (market: Market, instanceId = 'web-a', leaseMs = 300): MarketInterestMessage => ({
  kind: 'lease',
  ...market,
  instanceId,
  leaseMs,
});

const release = (market: Market, instanceId = 'web-a'): MarketInterestMessage => ({
  kind: 'release',
  ...market,
  instanceId,
});

const announce = (message: unknown) => webBus.publish(MARKET_INTEREST_TOPIC, message);

/** Renews a lease every `everyMs` until the test ends (or the returned function is called). */
function heartbeat(message: MarketInterestMessage, everyMs = 100): () => void {
  void announce(message);
  const timer = setInterval(() => void announce(message), everyMs);
  timers.push(timer);
  return () => clearInterval(timer);
}

const followed = (m: Market) => feed.market(m.symbol, m.interval);

/** Candle updates of `market` heard on the bus, as a browser's live subscription hears them. */
async function listen(market: Market): Promise<{ updates: Candle[]; stop: () => Promise<void> }> {
  const updates: Candle[] = [];
  const stop = await webBus.subscribe(candleTopic(market.symbol, market.interval), (p) =>
    updates.push(p as Candle),
  );
  return { updates, stop };
}

describe('MarketInterest', () => {
  it('streams a leased market with its history, and stops when the lease lapses without heartbeat', async () => {
    const service = await startInterest();
    const heard = await listen(ETH_3M);
    try {
      expect(followed(ETH_3M)).toBeUndefined();
      const stopHeartbeat = heartbeat(lease(ETH_3M));

      await until(() => followed(ETH_3M)?.live === true, 10_000, 'ETHUSDT 3m to go live');
      expect(watchCalls).toEqual(['ETHUSDT 3m']);
      expect(feed.connectionLayout).toEqual([2]);
      // Live updates reach the bus, and closes the database, with the history backfilled before.
      // Four distinct closes: the first may be the bar the backfill also fetched (its close can
      // reach the socket after the REST page was read), so at least three are new rows.
      const closesHeard = () =>
        new Set(heard.updates.filter((c) => c.closed).map((c) => c.openTime)).size;
      await until(() => closesHeard() >= 4, 10_000, 'live closes');
      const checkpoint = sim.now();
      await until(
        () => (followed(ETH_3M)?.storedThrough ?? 0) >= newestClosed(checkpoint, '3m'),
        5_000,
        'the checkpoint',
      );
      const rows = await expectComplete(database.db, sim, [ETH_3M], checkpoint);
      expect(rows).toBeGreaterThanOrEqual(30 + 3);
      expect(heard.updates.every((c) => c.symbol === 'ETHUSDT' && c.interval === '3m')).toBe(true);

      // The web process dies: no heartbeat, no release. The lease (300 ms) lapses.
      stopHeartbeat();
      await until(() => followed(ETH_3M) === undefined, 2_000, 'the lease to lapse');
      expect(service.stats.expired).toBe(1);
      expect(service.watched()).toEqual([]);
      expect(feed.connectionLayout).toEqual([1]);
      expect(followed(CONFIGURED[0]!)?.live).toBe(true);
      // Let messages already in flight (NOTIFY, a store in progress) arrive: under load a single
      // fixed pause was not always enough. Then nothing more may come.
      let count = -1;
      for (let i = 0; i < 10 && heard.updates.length !== count; i++) {
        count = heard.updates.length;
        await sleep(300);
      }
      const stored = (await listCandles(database.db, { ...ETH_3M, limit: 100_000 })).length;
      await sleep(900); // three 3m bars
      expect(heard.updates.length).toBe(count);
      expect((await listCandles(database.db, { ...ETH_3M, limit: 100_000 })).length).toBe(stored);
    } finally {
      await heard.stop();
    }
  });

  it('counts leases per web process: followed until the last holder releases', async () => {
    const service = await startInterest();
    // Long leases: only the releases can end them within this test.
    heartbeat(lease(ETH_30M, 'web-a', 60_000), 200);
    heartbeat(lease(ETH_30M, 'web-b', 60_000), 200);
    await until(() => followed(ETH_30M)?.live === true, 10_000, 'ETHUSDT 30m to go live');
    await sleep(300);
    expect(watchCalls).toEqual(['ETHUSDT 30m']); // two holders, heartbeats: one watch

    timers.splice(0).forEach((t) => clearInterval(t));
    await announce(release(ETH_30M, 'web-a'));
    await announce(release(ETH_30M, 'web-c')); // never held it: no effect
    await sleep(200);
    expect(followed(ETH_30M)).toBeDefined();

    await announce(release(ETH_30M, 'web-b'));
    await until(() => followed(ETH_30M) === undefined, 2_000, 'the release');
    expect(service.stats).toMatchObject({ watches: 1, unwatches: 1, expired: 0 });
    expect(feed.connectionLayout).toEqual([1]);
  });

  it('never subscribes a symbol the exchange does not list', async () => {
    // The previous test's UNSUBSCRIBE has gone out.
    await until(() => feed.connectionLayout[0] === 1);
    await sleep(500);
    const requests = feed.stats.requests;
    const service = await startInterest();
    heartbeat(lease({ symbol: 'NOSUCHUSDT', interval: '1m' }));
    await until(() => service.stats.unknownSymbols >= 1, 5_000, 'the symbol check');
    await sleep(300); // several heartbeats: still refused, answered from the cached listing
    expect(watchCalls).toEqual([]);
    expect(feed.market('NOSUCHUSDT', '1m')).toBeUndefined();
    expect(feed.stats.requests).toBe(requests); // no SUBSCRIBE went out
    expect(feed.connectionLayout).toEqual([1]);
  });

  it('skips malformed messages and keeps working', async () => {
    const service = await startInterest();
    const garbage: unknown[] = [
      'ETHUSDT 3m please',
      42,
      { kind: 'lease' },
      { ...lease(ETH_3M), symbol: 'ethusdt' },
      { ...lease(ETH_3M), symbol: 'ETHUSDT/3m@kline_1m' },
      { ...lease(ETH_3M), interval: '7m' },
      { ...lease(ETH_3M), leaseMs: -5 },
      { ...lease(ETH_3M), leaseMs: 1e12 },
      { ...lease(ETH_3M), instanceId: '' },
      { ...release(ETH_3M), kind: 'subscribe' },
    ];
    for (const message of garbage) await announce(message);
    await until(() => service.stats.malformed === garbage.length, 2_000, 'the garbage');
    expect(watchCalls).toEqual([]);

    heartbeat(lease(ETH_3M));
    await until(() => followed(ETH_3M)?.live === true, 10_000, 'a valid lease after garbage');
  });

  it('follows at most maxWatched markets on request, and leaves configured markets alone', async () => {
    const service = await startInterest({ maxWatched: 1 });
    heartbeat(lease(ETH_3M));
    await until(() => followed(ETH_3M) !== undefined, 5_000, 'the first market');
    const stop30m = heartbeat(lease(ETH_30M));
    await until(() => service.stats.refused >= 1, 2_000, 'the refusal');
    expect(followed(ETH_30M)).toBeUndefined();
    stop30m();
    await sleep(100);
    const refused = service.stats.refused;

    // Charts of a configured market lease it: neither refused (it takes no room) nor watched
    // again, and its release leaves the feed following it.
    const stopConfigured = heartbeat(lease(CONFIGURED[0]!));
    await sleep(400);
    stopConfigured();
    await announce(release(CONFIGURED[0]!));
    await sleep(200);
    expect(service.stats.refused).toBe(refused);
    expect(followed(CONFIGURED[0]!)?.live).toBe(true);
    expect(watchCalls).toEqual(['ETHUSDT 3m']);
  });

  it('asks web processes for their markets on start, so open charts are streamed at once', async () => {
    // A web process that holds ETHUSDT 30m and sends no heartbeat within this test: only its
    // answer to the sync request can tell a starting worker about it.
    const asked: unknown[] = [];
    const stopAnswering = await webBus.subscribe(MARKET_INTEREST_SYNC_TOPIC, (payload) => {
      asked.push(payload);
      void announce(lease(ETH_30M, 'web-a', 60_000));
    });
    try {
      const started = Date.now();
      const service = await startInterest();
      await until(() => followed(ETH_30M) !== undefined, 2_000, 'the sync answer');
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(asked).toEqual([{ requestedBy: 'worker-test' }]);
      expect(service.watched()).toEqual([ETH_30M]);

      // stop() hands its markets back: the feed is left with the configured ones.
      await service.stop();
      expect(followed(ETH_30M)).toBeUndefined();
      expect(feed.connectionLayout).toEqual([1]);
    } finally {
      await stopAnswering();
    }
  });
});
