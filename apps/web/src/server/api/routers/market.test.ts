// The market API against a real Postgres: history pages from the candles table (the filling of
// holes from the exchange is covered with the real sim in server/market/candle-history.test.ts),
// live updates through a real LISTEN/NOTIFY bus, resumption by event id, the market interest an
// open chart announces to the worker, auth and input validation.
import { type Candle } from '@coinview/core/candle';
import { columnsToBars } from '@coinview/core/chart-columns';
import { type MarketInterestMessage, marketInterestSchema } from '@coinview/core/market-interest';
import type { EventSubscriber } from '@coinview/core/ports';
import { PgBus } from '@coinview/db/bus';
import { upsertCandles } from '@coinview/db/candles';
import { createTestDatabase, type TestDatabase } from '@coinview/db/testing';
import { BinanceUnavailableError } from '@coinview/exchange/rest';
import { candleTopic, MARKET_INTEREST_TOPIC } from '@coinview/db/bus-topics';
import { isTrackedEnvelope, TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CandleHistory } from '~/server/market/candle-history';
import { MarketInterest } from '~/server/market/market-interest';
import { createTestContext, sessionFor } from '../testing';
import { createCallerFactory, createTRPCRouter } from '../trpc';
import { advancesFrom, createMarketRouter, liveEventId, resumeOpenTime } from './market';

const MINUTE = 60_000;
const T0 = Date.UTC(2025, 0, 6, 12, 0);

function candle(symbol: string, index: number, close: string, closed = true): Candle {
  const openTime = T0 + index * MINUTE;
  return {
    symbol,
    interval: '1m',
    openTime,
    closeTime: openTime + MINUTE - 1,
    open: '100.5',
    high: '110.25',
    low: '99.75',
    close,
    volume: '12.5',
    quoteVolume: '1250',
    trades: 42,
    takerBuyBaseVolume: '6',
    takerBuyQuoteVolume: '600',
    closed,
  };
}

let testDb: TestDatabase;
let listenerBus: PgBus;
let publisher: PgBus;
let activeSubscriptions = 0;

// The real bus, counted: tells whether a finished subscription let go of its topic.
const countingBus: EventSubscriber = {
  async subscribe(topic, onEvent) {
    const unsubscribe = await listenerBus.subscribe(topic, onEvent);
    activeSubscriptions += 1;
    return async () => {
      activeSubscriptions -= 1;
      await unsubscribe();
    };
  },
};

// History starts at T0 and "now" is just after the sixth BTC bar closed. The exchange is down: a
// page the database cannot answer is reported as unavailable.
const klines = vi.fn(async () => {
  throw new BinanceUnavailableError('GET /api/v3/klines failed: HTTP 503', 503);
});
const history = new CandleHistory({
  exchange: { klines },
  earliest: T0,
  now: () => T0 + 6 * MINUTE,
});

// Short lease timings so heartbeats show within a test.
const HEARTBEAT_MS = 100;
const interest = new MarketInterest({
  getBus: async () => publisher,
  instanceId: 'web-test',
  heartbeatMs: HEARTBEAT_MS,
  leaseMs: 300,
});

const router = createTRPCRouter({
  market: createMarketRouter({
    getBus: async () => countingBus,
    getHistory: () => history,
    getInterest: () => interest,
  }),
});
const createCaller = createCallerFactory(router);
const user = { id: 'trader-1', email: 'trader@example.test' };

function callerAs(who: typeof user | null, signal?: AbortSignal) {
  return createCaller(createTestContext({ db: testDb.db, session: who ? sessionFor(who) : null }), {
    signal,
  });
}

const btc = Array.from({ length: 6 }, (_, i) => candle('BTCUSDT', i, `${101 + i}.5`));

beforeAll(async () => {
  testDb = await createTestDatabase();
  listenerBus = new PgBus(testDb.url);
  publisher = new PgBus(testDb.url);
  await upsertCandles(testDb.db, [
    ...btc,
    candle('ETHUSDT', 0, '3300'),
    candle('ETHUSDT', 9, '3301'),
  ]);
});

afterAll(async () => {
  await interest.stop();
  await Promise.all([listenerBus?.close(), publisher?.close()]);
  await testDb?.cleanup();
});

/** The next event, failing instead of hanging when nothing arrives. */
async function nextEvent(iterator: AsyncIterator<unknown>, timeoutMs = 5_000) {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no event within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    const result = await Promise.race([iterator.next(), timeout]);
    if (result.done) throw new Error('subscription ended');
    if (!isTrackedEnvelope(result.value)) throw new Error('expected a tracked event');
    const [id, data] = result.value;
    return { id, candle: data as Candle };
  } finally {
    clearTimeout(timer);
  }
}

async function subscribe(input: Parameters<ReturnType<typeof callerAs>['market']['live']>[0]) {
  const controller = new AbortController();
  const iterable = await callerAs(user, controller.signal).market.live(input);
  return { controller, iterator: iterable[Symbol.asyncIterator]() };
}

describe('market.candles', () => {
  it('returns the newest closed candles of BTCUSDT 1m by default, oldest first, as chart bars', async () => {
    const page = await callerAs(user).market.candles({});
    const bars = columnsToBars(page.bars);
    expect(bars.map((b) => b.time)).toEqual(btc.map((c) => c.openTime / 1000));
    expect(bars[0]).toEqual({
      time: T0 / 1000,
      open: 100.5,
      high: 110.25,
      low: 99.75,
      close: 101.5,
      volume: 12.5,
    });
    // T0 is where history starts.
    expect(page.hasMore).toBe(false);
    expect(klines).not.toHaveBeenCalled();
  });

  it('pages back with before and limit', async () => {
    const page = await callerAs(user).market.candles({ before: btc[4]!.openTime, limit: 2 });
    expect([...page.bars.close]).toEqual([103.5, 104.5]);
    expect(page.hasMore).toBe(true);
    const eth = await callerAs(user).market.candles({ symbol: 'ETHUSDT', limit: 1 });
    expect([...eth.bars.close]).toEqual([3301]);
    expect(klines).not.toHaveBeenCalled();
  });

  it('reports history the database lacks as unavailable while the exchange is down', async () => {
    // ETHUSDT has bars at T0 and T0+9 min only: the bars before T0+9 min are not stored.
    const error = await callerAs(user)
      .market.candles({ symbol: 'ETHUSDT', before: T0 + 9 * MINUTE, limit: 3 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect(error).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    expect(klines).toHaveBeenCalled();
  });

  it('refuses signed-out callers', async () => {
    await expect(callerAs(null).market.candles({})).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('rejects a bad interval or limit as BAD_REQUEST', async () => {
    const caller = callerAs(user).market;
    for (const input of [
      { interval: 'abc' },
      { limit: 0 },
      { limit: 5001 },
      { symbol: 'btc-usdt' },
    ]) {
      const error = await caller.candles(input as never).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TRPCError);
      expect(error).toMatchObject({ code: 'BAD_REQUEST' });
    }
  });
});

describe('market.live', () => {
  it('replays closed bars after the resume point, then streams published updates in order', async () => {
    const { controller, iterator } = await subscribe({ lastEventId: liveEventId(btc[3]!) });

    // Catch-up from the database: the resume bar (it may have closed since) and what follows.
    const first = await nextEvent(iterator);

    // Published while the catch-up is still being delivered: queued, then sent after it.
    const forming = candle('BTCUSDT', 6, '107.25', false);
    await publisher.publish(candleTopic('ETHUSDT', '1m'), candle('ETHUSDT', 10, '3310', false));
    await publisher.publish(candleTopic('BTCUSDT', '1m'), candle('BTCUSDT', 2, '1.0'));
    await publisher.publish(candleTopic('BTCUSDT', '1m'), forming);
    await new Promise((resolve) => setTimeout(resolve, 200));

    const replayed = [first, await nextEvent(iterator), await nextEvent(iterator)];
    expect(replayed.map((e) => e.candle.openTime)).toEqual([
      btc[3]!.openTime,
      btc[4]!.openTime,
      btc[5]!.openTime,
    ]);
    expect(replayed.every((e) => e.candle.closed)).toBe(true);

    const live = await nextEvent(iterator);
    expect(live.candle).toEqual(forming);
    expect(resumeOpenTime(live.id)).toBe(forming.openTime);
    expect(replayed.map((e) => e.id)).not.toContain(live.id);

    const closedBar = { ...forming, close: '107.5', closed: true };
    await publisher.publish(candleTopic('BTCUSDT', '1m'), closedBar);
    expect((await nextEvent(iterator)).candle).toEqual(closedBar);

    controller.abort();
    await expect(iterator.next()).resolves.toMatchObject({ done: true });
    expect(activeSubscriptions).toBe(0);
  });

  it('without a resume point streams only new updates, and stops when the client goes away', async () => {
    const { controller, iterator } = await subscribe({ symbol: 'ETHUSDT' });
    const pending = nextEvent(iterator);
    // The subscription starts listening on the first pull; publish until it has heard one.
    const update = candle('ETHUSDT', 11, '3320.5', false);
    const timer = setInterval(
      () => void publisher.publish(candleTopic('ETHUSDT', '1m'), update),
      100,
    );
    try {
      const event = await pending;
      expect(event.candle).toEqual(update);
    } finally {
      clearInterval(timer);
    }
    expect(activeSubscriptions).toBe(1);

    controller.abort();
    await expect(iterator.next()).resolves.toMatchObject({ done: true });
    expect(activeSubscriptions).toBe(0);
  });

  it('refuses signed-out callers and bad input', async () => {
    await expect(callerAs(null).market.live({})).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(callerAs(user).market.live({ interval: 'abc' } as never)).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    for (const symbol of ['ethusdt', 'ETH USDT', 'ETHUSDT@trade'])
      await expect(callerAs(user).market.live({ symbol })).rejects.toMatchObject({
        code: 'BAD_REQUEST',
      });
    expect(activeSubscriptions).toBe(0);
    expect(interest.holdings()).toEqual([]);
  });

  it('asks the worker to stream the market while charts of it are open: one lease, heartbeats, one release', async () => {
    // ETHUSDT 3m is none of the worker's configured markets: only this lease gets it streamed.
    const heard: MarketInterestMessage[] = [];
    const stopListening = await listenerBus.subscribe(MARKET_INTEREST_TOPIC, (payload) => {
      const message = marketInterestSchema.parse(payload);
      if (message.symbol === 'ETHUSDT' && message.interval === '3m') heard.push(message);
    });
    try {
      const first = await subscribe({ symbol: 'ETHUSDT', interval: '3m' });
      const second = await subscribe({ symbol: 'ETHUSDT', interval: '3m' });
      // The subscriptions run from their first pull; nothing is published on their topic.
      const pending = [first.iterator.next(), second.iterator.next()];
      const started = Date.now();
      await waitFor(() => heard.length >= 4, 'a lease and heartbeats');
      const elapsed = Date.now() - started;
      expect(heard[0]).toEqual({
        kind: 'lease',
        symbol: 'ETHUSDT',
        interval: '3m',
        instanceId: 'web-test',
        leaseMs: 300,
      });
      expect(heard.every((m) => m.kind === 'lease' && m.instanceId === 'web-test')).toBe(true);
      // Two charts, one heartbeat: two would announce about twice as often.
      expect(heard.length).toBeLessThanOrEqual(elapsed / HEARTBEAT_MS + 2);
      expect(interest.holdings()).toEqual([{ symbol: 'ETHUSDT', interval: '3m', charts: 2 }]);

      first.controller.abort();
      await expect(pending[0]).resolves.toMatchObject({ done: true });
      await sleep(2 * HEARTBEAT_MS);
      expect(heard.map((m) => m.kind)).not.toContain('release');

      second.controller.abort();
      await expect(pending[1]).resolves.toMatchObject({ done: true });
      await waitFor(() => heard.some((m) => m.kind === 'release'), 'the release');
      const afterRelease = heard.length;
      await sleep(3 * HEARTBEAT_MS);
      expect(heard.length).toBe(afterRelease);
      expect(heard.filter((m) => m.kind === 'release')).toEqual([
        { kind: 'release', symbol: 'ETHUSDT', interval: '3m', instanceId: 'web-test' },
      ]);
      expect(interest.holdings()).toEqual([]);
      expect(activeSubscriptions).toBe(0);
    } finally {
      await stopListening();
    }
  });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(check: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

describe('live ordering', () => {
  it('moves forward only: later bars and newer states of a forming bar', () => {
    const forming = candle('BTCUSDT', 5, '1', false);
    const closed = candle('BTCUSDT', 5, '2');
    expect(advancesFrom(undefined, forming)).toBe(true);
    expect(advancesFrom(forming, { ...forming, close: '3' })).toBe(true);
    expect(advancesFrom(forming, closed)).toBe(true);
    expect(advancesFrom(closed, forming)).toBe(false);
    expect(advancesFrom(closed, closed)).toBe(false);
    expect(advancesFrom(closed, candle('BTCUSDT', 4, '1'))).toBe(false);
    expect(advancesFrom(closed, candle('BTCUSDT', 6, '1', false))).toBe(true);
  });

  it('reads the bar open time back from an event id', () => {
    expect(resumeOpenTime(liveEventId({ openTime: T0 }, 7))).toBe(T0);
    expect(resumeOpenTime(String(T0))).toBe(T0);
    expect(resumeOpenTime('garbage')).toBeUndefined();
    expect(resumeOpenTime(null)).toBeUndefined();
  });
});
