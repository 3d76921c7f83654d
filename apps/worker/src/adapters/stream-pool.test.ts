import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeExchange, until } from '../../test/fake-exchange';
import { StreamPool } from './stream-pool';

const silent = pino({ level: 'silent' });
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('StreamPool', () => {
  it('uses as few connections as the per-connection stream limit allows, and closes empty ones', async () => {
    const fake = await startFakeExchange();
    cleanups.push(() => fake.close());
    const live = new Set<string>();
    const pool = new StreamPool({
      wsUrl: fake.url,
      logger: silent,
      maxStreamsPerConnection: 3,
      onKline: () => undefined,
      onActive: (streams) => streams.forEach((s) => live.add(s)),
      onInactive: (streams) => streams.forEach((s) => live.delete(s)),
    });
    cleanups.push(() => pool.stop());
    const streams = Array.from({ length: 7 }, (_, i) => `s${i}@kline_1m`);
    pool.add(streams);
    pool.start();
    await until(() => live.size === 7);
    expect(pool.layout).toEqual([3, 3, 1]);
    expect(fake.open().map((c) => [...c.streams])).toEqual([
      ['s0@kline_1m', 's1@kline_1m', 's2@kline_1m'],
      ['s3@kline_1m', 's4@kline_1m', 's5@kline_1m'],
      ['s6@kline_1m'],
    ]);
    // Each connection subscribed with a single request.
    expect(fake.open().map((c) => c.requests.length)).toEqual([1, 1, 1]);

    pool.remove(['s6@kline_1m', 's1@kline_1m']);
    await until(() => fake.open().length === 2 && !fake.open()[0]!.streams.has('s1@kline_1m'));
    expect(pool.layout).toEqual([2, 3]);
    pool.add(['x@kline_1m', 'y@kline_1m']);
    await until(() => live.has('x@kline_1m') && live.has('y@kline_1m'));
    expect(pool.layout).toEqual([3, 3, 1]);
    expect(fake.open().map((c) => c.streams.size)).toEqual([3, 3, 1]);
    expect(pool.isLive('y@kline_1m')).toBe(true);
    expect(pool.isLive('s1@kline_1m')).toBe(false);
  });
});
