// Integration: exchange-sim's `!miniTicker@arr` → TickerFeed → the real LISTEN/NOTIFY bus on a
// real Postgres. What arrives on the bus must equal the sim's own 24 h statistics, only when they
// move, at most once per publish interval, through garbage frames and dropped connections.
import { decodeTickerBatch, type Ticker } from '@coinview/core/ticker';
import { PgBus } from '@coinview/db/bus';
import { type TestDatabase, createTestDatabase } from '@coinview/db/testing';
import { BinanceRestClient } from '@coinview/exchange/rest';
import { type ExchangeSim, startExchangeSim } from '@coinview/exchange-sim/server';
import { TICKERS_TOPIC } from '@coinview/db/bus-topics';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sleep, until } from '../../test/feed-harness';
import { TickerFeed, type TickerFeedOptions } from './ticker-feed';

const silent = pino({ level: 'silent' });
const MIN = 60_000;
const ANCHOR = Date.UTC(2031, 5, 1);

let database: TestDatabase;
let bus: PgBus;
let listener: PgBus;
const sims: ExchangeSim[] = [];
const feeds: TickerFeed[] = [];

/** Every ticker batch heard on the bus, with the time it arrived. */
const heard: { at: number; tickers: Ticker[] }[] = [];
const garbage: unknown[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  bus = new PgBus(database.url);
  listener = new PgBus(database.url);
  await listener.subscribe(TICKERS_TOPIC, (payload) => {
    const tickers = decodeTickerBatch(payload);
    if (tickers) heard.push({ at: Date.now(), tickers });
    else garbage.push(payload);
  });
});

afterAll(async () => {
  await Promise.allSettled([bus?.close(), listener?.close()]);
  await database?.cleanup();
});

afterEach(async () => {
  await Promise.all(feeds.splice(0).map((f) => f.stop()));
  await Promise.all(sims.splice(0).map((s) => s.stop()));
  heard.length = 0;
  garbage.length = 0;
});

async function sim(options: Parameters<typeof startExchangeSim>[0] = {}) {
  const s = await startExchangeSim({
    port: 0,
    tickerTickMs: 50,
    logger: silent,
    symbols: ['BTCUSDT', 'ETHUSDT'],
    ...options,
  });
  sims.push(s);
  return s;
}

function feed(exchange: ExchangeSim, overrides: Partial<TickerFeedOptions> = {}) {
  const f = new TickerFeed({
    wsUrl: exchange.wsUrl,
    publisher: bus,
    logger: silent,
    publishIntervalMs: 200,
    reconnect: { minMs: 20, maxMs: 200 },
    idleTimeoutMs: 2_000,
    ...overrides,
  });
  feeds.push(f);
  return f;
}

const latest = (symbol: string) =>
  heard.flatMap((h) => h.tickers).findLast((t) => t.symbol === symbol);

describe('TickerFeed', () => {
  it("publishes the sim's 24h numbers once, then nothing while they stay the same", async () => {
    // A frozen sim clock: the tickers never change, yet frames keep coming every 50 ms.
    const exchange = await sim({
      clock: { now: () => 1 },
      startTime: ANCHOR + 5000 * MIN,
      anchor: ANCHOR,
    });
    const f = feed(exchange);
    await f.start();
    await until(() => heard.length > 0, 5_000, 'a ticker batch');
    await sleep(800);
    expect(f.stats.frames).toBeGreaterThan(5);
    expect(heard).toHaveLength(1);

    const rest = new BinanceRestClient({ baseUrl: exchange.restUrl, logger: silent });
    const expected = await rest.ticker24h(['BTCUSDT', 'ETHUSDT']);
    const published = heard[0]!.tickers;
    expect(published.map((t) => t.symbol).sort()).toEqual(['BTCUSDT', 'ETHUSDT']);
    for (const r of expected) {
      const t = published.find((p) => p.symbol === r.symbol);
      expect(t).toMatchObject({
        last: r.lastPrice,
        open: r.openPrice,
        high: r.highPrice,
        low: r.lowPrice,
        quoteVolume: r.quoteVolume,
      });
      expect(t!.changePercent).toBeCloseTo(Number(r.priceChangePercent), 2);
    }
    expect(garbage).toEqual([]);
  });

  it('publishes moving tickers at most once per interval, one notification per batch', async () => {
    // 600x: a recorded minute every 100 ms, so prices move between every frame.
    const exchange = await sim({ speed: 600 });
    const f = feed(exchange, { publishIntervalMs: 250 });
    await f.start();
    // Both counts: a batch on the bus can arrive a moment before the feed's counter moves (or one
    // from the previous test's feed before its stop), so waiting on one and asserting the other raced.
    await until(
      () => heard.length >= 5 && f.stats.notifications >= 5,
      5_000,
      'five batches published and heard',
    );
    const gaps = heard.slice(1).map((h, i) => h.at - heard[i]!.at);
    // Timers may fire a little early or late; two batches never come within half an interval.
    expect(Math.min(...gaps)).toBeGreaterThan(125);
    expect(f.stats.notifications).toBeGreaterThanOrEqual(5);
    const btc = heard.map((h) => h.tickers.find((t) => t.symbol === 'BTCUSDT')?.last);
    expect(new Set(btc).size).toBeGreaterThan(1);
  });

  it('splits a publication into batches under the byte limit', async () => {
    const exchange = await sim({ speed: 600 });
    const f = feed(exchange, { maxBatchBytes: 150 });
    await f.start();
    await until(() => heard.length >= 2, 5_000, 'batches');
    // Each ticker row is ~110 bytes: two do not fit in 150, so every batch carries one.
    expect(heard.every((h) => h.tickers.length === 1)).toBe(true);
  });

  it('skips garbage frames and reconnects after dropped connections', async () => {
    const exchange = await sim({ speed: 600 });
    exchange.faults.malformedRate = 0.3;
    const f = feed(exchange);
    await f.start();
    await until(() => f.stats.malformed > 0 && heard.length > 0, 5_000, 'garbage and tickers');
    exchange.faults.reset();

    for (let i = 0; i < 3; i++) {
      await until(() => f.connected, 5_000, 'connected');
      exchange.faults.dropConnections();
      await sleep(50);
    }
    const before = heard.length;
    await until(() => heard.length > before + 2, 5_000, 'tickers after reconnecting');
    expect(f.stats.connects).toBeGreaterThanOrEqual(4);
    expect(garbage).toEqual([]);
    // Every published value is a well-formed ticker for a real symbol.
    expect(latest('BTCUSDT')?.last).toMatch(/^\d+\.\d+$/);
    expect(latest('ETHUSDT')?.last).toMatch(/^\d+\.\d+$/);
  });

  it('stops cleanly: no connection, no more publications', async () => {
    const exchange = await sim({ speed: 600 });
    const f = feed(exchange);
    await f.start();
    await until(() => heard.length > 0, 5_000, 'tickers');
    await f.stop();
    const count = heard.length;
    await sleep(500);
    expect(heard.length).toBe(count);
    expect(f.connected).toBe(false);
    await until(() => exchange.connectionCount === 0, 2_000, 'the sim to see the socket go');
  });
});
