// MarketInterest on a real LISTEN/NOTIFY bus: one lease per market however many charts hold it,
// heartbeats while held, a release when the last chart lets go, answers to a worker's sync request.
import { type MarketInterestMessage, marketInterestSchema } from '@coinview/core/market-interest';
import { PgBus } from '@coinview/db/bus';
import { createTestDatabase, type TestDatabase } from '@coinview/db/testing';
import { MARKET_INTEREST_SYNC_TOPIC, MARKET_INTEREST_TOPIC } from '@coinview/db/bus-topics';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MarketInterest, type MarketInterestOptions } from './market-interest';

let testDb: TestDatabase;
let webBus: PgBus;
let workerBus: PgBus;
const heard: MarketInterestMessage[] = [];
const interests: MarketInterest[] = [];

beforeAll(async () => {
  testDb = await createTestDatabase();
  webBus = new PgBus(testDb.url);
  workerBus = new PgBus(testDb.url);
  await workerBus.subscribe(MARKET_INTEREST_TOPIC, (payload) =>
    heard.push(marketInterestSchema.parse(payload)),
  );
});

afterEach(async () => {
  await Promise.all(interests.splice(0).map((i) => i.stop()));
  await sleep(100); // the releases sent by stop() reach the listener before the next test
  heard.length = 0;
});

afterAll(async () => {
  await Promise.all([webBus?.close(), workerBus?.close()]);
  await testDb?.cleanup();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

function interest(overrides: Partial<MarketInterestOptions> = {}) {
  const i = new MarketInterest({
    getBus: async () => webBus,
    instanceId: 'web-a',
    heartbeatMs: 100,
    leaseMs: 300,
    ...overrides,
  });
  interests.push(i);
  return i;
}

const kinds = (symbol: string, interval: string) =>
  heard.filter((m) => m.symbol === symbol && m.interval === interval).map((m) => m.kind);

describe('MarketInterest', () => {
  it('leases a market once for many charts, renews it while held, and releases it with the last chart', async () => {
    const web = interest();
    const releases = Array.from({ length: 5 }, () =>
      web.hold({ symbol: 'ETHUSDT', interval: '30m' }),
    );
    const started = Date.now();
    await until(() => kinds('ETHUSDT', '30m').length >= 5, 'heartbeats');
    const elapsed = Date.now() - started;
    // One heartbeat per market (every 100 ms), not one per chart.
    expect(kinds('ETHUSDT', '30m').length).toBeLessThanOrEqual(elapsed / 100 + 2);
    expect(heard[0]).toEqual({
      kind: 'lease',
      symbol: 'ETHUSDT',
      interval: '30m',
      instanceId: 'web-a',
      leaseMs: 300,
    });
    expect(web.holdings()).toEqual([{ symbol: 'ETHUSDT', interval: '30m', charts: 5 }]);

    for (const release of releases.slice(1)) release();
    releases[1]!(); // twice: no effect
    await sleep(150);
    expect(kinds('ETHUSDT', '30m')).not.toContain('release');

    releases[0]!();
    await until(() => kinds('ETHUSDT', '30m').includes('release'), 'the release');
    expect(kinds('ETHUSDT', '30m').at(-1)).toBe('release');
    const count = heard.length;
    await sleep(300);
    expect(heard.length).toBe(count); // no heartbeat after the release
    expect(web.holdings()).toEqual([]);
  });

  it('answers a worker sync request with every market it holds, at once', async () => {
    const web = interest({ heartbeatMs: 30_000, leaseMs: 60_000 });
    web.hold({ symbol: 'ETHUSDT', interval: '3m' });
    web.hold({ symbol: 'BTCUSDT', interval: '30m' });
    await until(() => heard.length === 2, 'the first leases');
    // Listening for sync requests happens in the background of the first hold.
    await sleep(200);

    await workerBus.publish(MARKET_INTEREST_SYNC_TOPIC, { nonsense: true });
    await sleep(200);
    expect(heard.length).toBe(2); // malformed request ignored

    await workerBus.publish(MARKET_INTEREST_SYNC_TOPIC, { requestedBy: 'worker-1' });
    await until(() => heard.length === 4, 're-announced leases', 2_000);
    expect(heard.slice(2).map((m) => `${m.kind} ${m.symbol} ${m.interval}`)).toEqual([
      'lease ETHUSDT 3m',
      'lease BTCUSDT 30m',
    ]);

    await web.stop();
    await until(() => heard.length === 6, 'the releases of stop()');
    expect(heard.slice(4).map((m) => m.kind)).toEqual(['release', 'release']);
  });

  it('keeps charts working when the bus is down, and announces again once it is back', async () => {
    let down = true;
    const web = interest({
      getBus: async () => {
        if (down) throw new Error('database unavailable');
        return webBus;
      },
    });
    const release = web.hold({ symbol: 'ETHUSDT', interval: '3m' });
    await sleep(250);
    expect(heard).toEqual([]);
    down = false;
    await until(() => kinds('ETHUSDT', '3m').includes('lease'), 'a heartbeat after recovery');
    release();
    await until(() => kinds('ETHUSDT', '3m').includes('release'), 'the release');
  });

  it('refuses a heartbeat that would let its own lease lapse', () => {
    expect(() => interest({ heartbeatMs: 500, leaseMs: 500 })).toThrow(/heartbeatMs/);
  });
});
