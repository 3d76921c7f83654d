// The "Replay" badge's source: exchange-sim says what it replays at /__sim/info, an exchange without
// that path (Binance: 404) is the exchange, and one that does not answer is not claimed either way.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ExchangeSim, startExchangeSim } from '@coinview/exchange-sim/server';
import { createTestDatabase, type TestDatabase } from '@coinview/db/testing';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, sessionFor } from '../api/testing';
import { createCallerFactory, createTRPCRouter } from '../api/trpc';
import { createMarketRouter } from '../api/routers/market';
import { replayNote } from '~/app/(app)/chart/replay-note';
import { MarketDataSource } from './data-source';

let sim: ExchangeSim;
let notSim: Server;
let notSimUrl: string;
let hits = 0;
let testDb: TestDatabase;

beforeAll(async () => {
  [sim, testDb] = await Promise.all([
    startExchangeSim({ port: 0, logger: pino({ level: 'silent' }), speed: 60 }),
    createTestDatabase(),
  ]);
  // An exchange without the sim's path: every request is Binance's 404 JSON.
  notSim = createServer((_req, res) => {
    hits++;
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end('{"code":-1,"msg":"Not found"}');
  });
  await new Promise<void>((r) => notSim.listen(0, '127.0.0.1', r));
  notSimUrl = `http://127.0.0.1:${(notSim.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await sim?.stop();
  await new Promise((r) => notSim?.close(r));
  await testDb?.cleanup();
});

describe('MarketDataSource', () => {
  it("reads exchange-sim's recordings and speed", async () => {
    const info = await new MarketDataSource({ restUrl: sim.restUrl }).describe();
    expect(info.kind).toBe('replay');
    if (info.kind !== 'replay') return;
    expect(info.speed).toBe(60);
    const btc = info.markets.find((m) => m.symbol === 'BTCUSDT')!;
    // The shipped recordings as one timeline: the daily series 2017-08-17 → 2026-07-20 (3,260
    // days), played forwards then backwards (exchange-sim's README, "How time maps to data").
    expect(btc).toEqual({
      symbol: 'BTCUSDT',
      recordedFrom: Date.UTC(2017, 7, 17),
      recordedTo: Date.UTC(2026, 6, 20),
      loopMinutes: 2 * 3260 * 1440,
    });
    expect(replayNote(info, 'BTCUSDT')).toContain(
      'recorded from Binance 17 Aug 2017 – 20 Jul 2026 UTC (real 1m bars',
    );
  });

  it('takes a 404 for the exchange, and asks again only after ten minutes', async () => {
    let now = 0;
    const source = new MarketDataSource({ restUrl: notSimUrl, now: () => now });
    const before = hits;
    expect(await source.describe()).toEqual({ kind: 'exchange' });
    now += 9 * 60_000;
    await source.describe();
    expect(hits - before).toBe(1);
    now += 2 * 60_000;
    await source.describe();
    expect(hits - before).toBe(2);
    expect(replayNote({ kind: 'exchange' }, 'BTCUSDT')).toBeUndefined();
  });

  it('claims nothing when the exchange does not answer, and retries sooner', async () => {
    let now = 0;
    let calls = 0;
    const source = new MarketDataSource({
      restUrl: 'http://127.0.0.1:9',
      now: () => now,
      fetch: (...args) => {
        calls++;
        return fetch(...args);
      },
    });
    expect(await source.describe()).toEqual({ kind: 'unknown' });
    now += 31_000;
    expect(await source.describe()).toEqual({ kind: 'unknown' });
    expect(calls).toBe(2);
  });

  it('refuses a /__sim/info that is not what the sim sends', async () => {
    const source = new MarketDataSource({
      restUrl: 'http://sim.invalid',
      fetch: async () => Response.json({ replay: true, speed: 'fast', markets: [] }),
    });
    expect(await source.describe()).toEqual({ kind: 'unknown' });
  });
});

describe('market.source', () => {
  const fail = () => {
    throw new Error('not used by market.source');
  };
  const router = createTRPCRouter({
    market: createMarketRouter({
      getBus: fail,
      getHistory: fail,
      getInterest: fail,
      getDataSource: () => new MarketDataSource({ restUrl: sim.restUrl }),
    }),
  });
  const caller = (signedIn: boolean) =>
    createCallerFactory(router)(
      createTestContext({
        db: testDb.db,
        session: signedIn ? sessionFor({ id: 'u1', email: 'u1@example.test' }) : null,
      }),
    ).market;

  it('answers a signed-in user, and nobody else', async () => {
    expect(await caller(true).source()).toMatchObject({ kind: 'replay' });
    await expect(caller(false).source()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});
