// Integration: exchange-sim at 600x speed (a 1m bar lasts 100 ms) with faults switched on →
// MarketFeed → a real Postgres and the LISTEN/NOTIFY bus. After each scenario the candles table
// must hold every closed bar, exactly once, exactly as the sim serves it.
import { PgBus } from '@coinview/db/bus';
import { type TestDatabase, createTestDatabase } from '@coinview/db/testing';
import { BinanceRestClient } from '@coinview/exchange/rest';
import { type ExchangeSim, startExchangeSim } from '@coinview/exchange-sim/server';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type MarketRef,
  RecordingPublisher,
  expectComplete,
  expectOrderedUpdates,
  newestClosed,
  sleep,
  until,
} from '../../test/feed-harness';
import { PgCandleStore } from '../adapters/candle-store';
import { MarketFeed, type MarketFeedOptions } from './market-feed';

const silent = pino({ level: 'silent' });
const MARKETS: MarketRef[] = [
  { symbol: 'BTCUSDT', interval: '1m' },
  { symbol: 'ETHUSDT', interval: '1m' },
  { symbol: 'BTCUSDT', interval: '5m' },
  { symbol: 'ETHUSDT', interval: '3m' },
];

let sim: ExchangeSim;
let database: TestDatabase;
let bus: PgBus;
const feeds: MarketFeed[] = [];

beforeAll(async () => {
  [sim, database] = await Promise.all([
    startExchangeSim({
      speed: 600,
      tickMs: 20,
      logger: silent,
      faultSeed: 7,
      symbols: ['BTCUSDT', 'ETHUSDT'],
    }),
    createTestDatabase(),
  ]);
  bus = new PgBus(database.url);
});

afterAll(async () => {
  await Promise.allSettled([bus?.close(), sim?.stop()]);
  await database?.cleanup();
});

beforeEach(async () => {
  sim.faults.reset();
  await database.db.$executeRaw`DELETE FROM "Candle"`;
});

afterEach(async () => {
  sim.faults.reset();
  await Promise.all(feeds.splice(0).map((f) => f.stop()));
});

function feed(overrides: Partial<MarketFeedOptions> = {}, exchange = sim) {
  const publisher = new RecordingPublisher(bus);
  const f = new MarketFeed({
    store: new PgCandleStore(database.db),
    publisher,
    rest: new BinanceRestClient({ baseUrl: exchange.restUrl, backoff: { minMs: 20, maxMs: 200 } }),
    wsUrl: exchange.wsUrl,
    markets: MARKETS,
    logger: silent,
    initialBackfillBars: 30,
    syncRetry: { minMs: 20, maxMs: 200 },
    connection: { reconnect: { minMs: 20, maxMs: 200 }, idleTimeoutMs: 1_000 },
    ...overrides,
  });
  feeds.push(f);
  return { feed: f, publisher };
}

const allLive = (f: MarketFeed, markets = MARKETS) =>
  markets.every((m) => f.market(m.symbol, m.interval)?.live);

/** Waits until every market is live and stored through the newest bar closed at sim time `at`. */
async function caughtUp(f: MarketFeed, at: number, markets = MARKETS): Promise<void> {
  await until(
    () =>
      allLive(f, markets) &&
      markets.every(
        (m) => (f.market(m.symbol, m.interval)?.storedThrough ?? 0) >= newestClosed(at, m.interval),
      ),
    10_000,
    'the feed to catch up',
  );
}

describe('MarketFeed', () => {
  it('follows the union of wanted markets over one connection, subscribing and unsubscribing live', async () => {
    const { feed: f, publisher } = feed({ markets: [{ symbol: 'BTCUSDT', interval: '1m' }] });
    await f.start();
    await until(() => allLive(f, [{ symbol: 'BTCUSDT', interval: '1m' }]));
    f.watch('ETHUSDT', '1m');
    f.watch('BTCUSDT', '5m');
    f.watch('ETHUSDT', '1m'); // a second chart on the same market
    await until(() => allLive(f, MARKETS.slice(0, 3)));
    expect(f.connectionLayout).toEqual([3]);
    expect(sim.connectionCount).toBe(1);

    f.unwatch('ETHUSDT', '1m');
    expect(f.market('ETHUSDT', '1m')).toBeDefined(); // still watched once
    f.unwatch('ETHUSDT', '1m');
    f.unwatch('BTCUSDT', '5m');
    expect(f.connectionLayout).toEqual([1]);
    await sleep(300);
    const ethUpdates = publisher.byTopic.get('candles:ETHUSDT:1m')!.length;
    await sleep(300);
    expect(publisher.byTopic.get('candles:ETHUSDT:1m')!.length).toBe(ethUpdates);
    expect(publisher.byTopic.get('candles:BTCUSDT:1m')!.length).toBeGreaterThan(10);
    expect(f.stats.requests).toBe(3);
  });

  it('loses nothing when the connection drops ten times while REST fails now and then', async () => {
    const { feed: f, publisher } = feed();
    await f.start();
    await caughtUp(f, sim.now());
    sim.faults.rest = { status: 503, rate: 0.3 };
    let cut = 0;
    for (let i = 0; i < 10; i++) {
      // Each cut hits a fresh live connection, at varying points of the resync after the last one.
      await until(
        () => sim.connectionCount === 1 && f.stats.connects > cut,
        10_000,
        `connection ${i + 2}`,
      );
      await sleep(50 + (i % 4) * 100);
      cut = f.stats.connects;
      expect(sim.faults.dropConnections()).toBe(1);
    }
    await until(() => f.stats.connects > cut, 10_000, 'the last reconnect');
    const checkpoint = sim.now();
    await caughtUp(f, checkpoint);
    await f.stop();
    expect(f.stats.connects).toBeGreaterThanOrEqual(11);
    const rows = await expectComplete(database.db, sim, MARKETS, checkpoint);
    expect(rows).toBeGreaterThan(4 * 30);
    expectOrderedUpdates(sim, publisher);
  });

  it('skips garbage, duplicates and out-of-order frames', async () => {
    const { feed: f, publisher } = feed();
    await f.start();
    await caughtUp(f, sim.now());
    sim.faults.malformedRate = 0.15;
    sim.faults.outOfOrder = 0.3;
    await sleep(2_500);
    sim.faults.reset();
    const checkpoint = sim.now();
    await caughtUp(f, checkpoint);
    await f.stop();
    expect(f.stats.malformed).toBeGreaterThan(20);
    expect(f.stats.stale).toBeGreaterThan(0);
    await expectComplete(database.db, sim, MARKETS, checkpoint);
    expectOrderedUpdates(sim, publisher);
  });

  it('reconnects and backfills after the exchange goes silent for longer than the idle timeout', async () => {
    const { feed: f } = feed({
      connection: { reconnect: { minMs: 20, maxMs: 200 }, idleTimeoutMs: 300 },
    });
    await f.start();
    await caughtUp(f, sim.now());
    const connects = f.stats.connects;
    sim.faults.stall(800);
    await sleep(900);
    const checkpoint = sim.now();
    await caughtUp(f, checkpoint);
    await f.stop();
    expect(f.stats.connects).toBeGreaterThan(connects);
    await expectComplete(database.db, sim, MARKETS, checkpoint);
  });
});

describe('MarketFeed and the connection lifetime', () => {
  let shortLived: ExchangeSim;
  beforeAll(async () => {
    shortLived = await startExchangeSim({
      speed: 600,
      tickMs: 20,
      logger: silent,
      connectionLifetimeMs: 700,
      symbols: ['BTCUSDT', 'ETHUSDT'],
    });
  });
  afterAll(() => shortLived?.stop());

  it('moves to a new connection before the cut, with no gap to backfill', async () => {
    const { feed: f, publisher } = feed(
      {
        connection: {
          maxLifetimeMs: 700,
          renewBeforeMs: 250,
          reconnect: { minMs: 20, maxMs: 200 },
        },
      },
      shortLived,
    );
    await f.start();
    await caughtUp(f, shortLived.now());
    await sleep(2_200);
    const checkpoint = shortLived.now();
    await caughtUp(f, checkpoint);
    await f.stop();
    expect(f.stats.renewals).toBeGreaterThanOrEqual(3);
    // One sync per market at start and none after: the renewals left no hole.
    expect(f.stats.syncs).toBe(MARKETS.length);
    await expectComplete(database.db, shortLived, MARKETS, checkpoint);
    expectOrderedUpdates(shortLived, publisher);
  });

  it('recovers from the cut when it does not know the lifetime', async () => {
    const { feed: f } = feed({}, shortLived);
    await f.start();
    await caughtUp(f, shortLived.now());
    await sleep(1_600);
    const checkpoint = shortLived.now();
    await caughtUp(f, checkpoint);
    await f.stop();
    expect(f.stats.connects).toBeGreaterThanOrEqual(3);
    await expectComplete(database.db, shortLived, MARKETS, checkpoint);
  });
});
