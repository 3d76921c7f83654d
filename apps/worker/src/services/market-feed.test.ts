// Integration: exchange-sim at 600x speed → MarketFeed → real Postgres + LISTEN/NOTIFY bus.
import { type Candle, candleSchema, candleTopic } from '@coinview/core/candle';
import { PgBus } from '@coinview/db/bus';
import { listCandles } from '@coinview/db/candles';
import { type TestDatabase, createTestDatabase } from '@coinview/db/testing';
import { type ExchangeSim, startExchangeSim } from '@coinview/exchange-sim/server';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BinanceRest } from '../adapters/binance-rest';
import { MarketFeed } from './market-feed';

const silent = pino({ level: 'silent' });
const SYMBOLS = ['BTCUSDT', 'ETHUSDT'];
const BACKFILL = 5;

let sim: ExchangeSim;
let database: TestDatabase;
let publisher: PgBus;
let subscriber: PgBus;

beforeAll(async () => {
  // A 1m bar lasts 100 ms of wall time, with an update every 20 ms.
  [sim, database] = await Promise.all([startExchangeSim({ speed: 600, tickMs: 20, logger: silent }), createTestDatabase()]);
  publisher = new PgBus(database.url);
  subscriber = new PgBus(database.url);
});

afterAll(async () => {
  await Promise.allSettled([publisher?.close(), subscriber?.close(), sim?.stop()]);
  await database?.cleanup();
});

describe('MarketFeed', () => {
  it('stores exactly the closed candles, before announcing them, and publishes every update', async () => {
    const updates = new Map<string, Candle[]>(SYMBOLS.map((s) => [s, []]));
    const storedWhenAnnounced: boolean[] = [];
    for (const symbol of SYMBOLS) {
      await subscriber.subscribe(candleTopic(symbol, '1m'), (payload) => {
        const candle = candleSchema.parse(payload);
        updates.get(symbol)!.push(candle);
      });
    }

    // The real bus, watched: when a close is published, its row must already be stored.
    const watchedPublisher = {
      async publish(topic: string, payload: unknown) {
        const candle = candleSchema.parse(payload);
        if (candle.closed) {
          const where = { symbol: candle.symbol, interval: candle.interval, openTime: new Date(candle.openTime) };
          storedWhenAnnounced.push((await database.db.candle.count({ where })) === 1);
        }
        await publisher.publish(topic, payload);
      },
    };
    const feed = new MarketFeed({
      db: database.db, publisher: watchedPublisher, rest: new BinanceRest({ baseUrl: sim.restUrl }), wsUrl: sim.wsUrl,
      symbols: SYMBOLS, intervals: ['1m'], logger: silent, backfillLimit: BACKFILL,
    });
    await feed.start();
    const closes = (symbol: string) => updates.get(symbol)!.filter((c) => c.closed);
    await until(() => SYMBOLS.every((s) => closes(s).length >= 4));
    await feed.stop();
    await new Promise((r) => setTimeout(r, 100)); // let the last notifications arrive

    expect(storedWhenAnnounced.length).toBeGreaterThanOrEqual(8);
    expect(storedWhenAnnounced).not.toContain(false);
    for (const symbol of SYMBOLS) {
      const received = updates.get(symbol)!;
      expect(received.filter((c) => !c.closed).length).toBeGreaterThan(closes(symbol).length);
      const rows = await listCandles(database.db, { symbol, interval: '1m', limit: 10_000 });
      // Every stored row is a closed bar exactly as the exchange serves it, with no gaps.
      for (const row of rows) expect(row).toEqual(sim.replay.bar(symbol, '1m', row.openTime, sim.now()).candle);
      for (let i = 1; i < rows.length; i++) expect(rows[i]!.openTime - rows[i - 1]!.openTime).toBe(60_000);
      // The backfill on connect (which may overlap the first live closes at this speed) plus every
      // close that went out on the bus, and nothing after the last close.
      expect(rows.length).toBeGreaterThanOrEqual(Math.max(BACKFILL, closes(symbol).length));
      expect(rows.at(-1)!.openTime).toBe(closes(symbol).at(-1)!.openTime);
      const stored = new Map(rows.map((r) => [r.openTime, r]));
      for (const close of closes(symbol)) expect(stored.get(close.openTime)).toEqual(close);
      // Forming updates of a bar never go beyond the values it closed with.
      for (const close of closes(symbol)) {
        for (const u of received.filter((c) => c.openTime === close.openTime && !c.closed)) {
          expect(Number(u.high)).toBeLessThanOrEqual(Number(close.high));
          expect(Number(u.low)).toBeGreaterThanOrEqual(Number(close.low));
        }
      }
    }
    expect(feed.stats.malformed).toBe(0);
  });
});

function until(check: () => boolean, timeoutMs = 15_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = setInterval(() => {
      if (check()) {
        clearInterval(poll);
        resolve();
      } else if (Date.now() - started > timeoutMs) {
        clearInterval(poll);
        reject(new Error('timed out'));
      }
    }, 10);
  });
}
