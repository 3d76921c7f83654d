import type { Candle } from '@coinview/core/candle';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listCandles, upsertCandles } from './candles';
import { createTestDatabase, type TestDatabase } from './testing';

const MINUTE = 60_000;
const T0 = Date.UTC(2025, 0, 1, 0, 0);

function candle(i: number, overrides: Partial<Candle> = {}): Candle {
  return {
    symbol: 'BTCUSDT',
    interval: '1m',
    openTime: T0 + i * MINUTE,
    closeTime: T0 + (i + 1) * MINUTE - 1,
    open: '112731.29',
    high: '112800.00000001',
    low: '0.00000001',
    close: '112750.5',
    volume: '12.3456789',
    quoteVolume: '1391234.12345678',
    trades: 1000 + i,
    takerBuyBaseVolume: '6.1',
    takerBuyQuoteVolume: '695000',
    closed: true,
    ...overrides,
  };
}

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.cleanup();
});
beforeEach(async () => {
  await database.db.candle.deleteMany();
});

describe('upsertCandles', () => {
  it('stores each bar once however often it is upserted, returning rows inserted or changed', async () => {
    const bars = [candle(0), candle(1), candle(2)];
    expect(await upsertCandles(database.db, bars)).toBe(3);
    expect(await upsertCandles(database.db, bars)).toBe(0);
    expect(await upsertCandles(database.db, [candle(1, { close: '1.5' }), candle(3)])).toBe(2);
    expect(await database.db.candle.count()).toBe(4);
    const [changed] = await listCandles(database.db, {
      symbol: 'BTCUSDT',
      interval: '1m',
      before: T0 + 2 * MINUTE,
      limit: 1,
    });
    expect(changed?.close).toBe('1.50000000');
  });

  it('keeps prices exact: decimal strings come back with the column scale (8 places)', async () => {
    await upsertCandles(database.db, [candle(0)]);
    const [stored] = await listCandles(database.db, {
      symbol: 'BTCUSDT',
      interval: '1m',
      limit: 10,
    });
    expect(stored).toEqual({
      ...candle(0),
      open: '112731.29000000',
      high: '112800.00000001',
      low: '0.00000001',
      close: '112750.50000000',
      volume: '12.34567890',
      quoteVolume: '1391234.12345678',
      takerBuyBaseVolume: '6.10000000',
      takerBuyQuoteVolume: '695000.00000000',
    });
    // Times are exact to the millisecond, including the odd closeTime.
    expect(stored?.closeTime).toBe(T0 + MINUTE - 1);
  });

  it('keeps the last copy when a batch holds the same bar twice', async () => {
    expect(
      await upsertCandles(database.db, [candle(0, { close: '1' }), candle(0, { close: '2' })]),
    ).toBe(1);
    const [stored] = await listCandles(database.db, {
      symbol: 'BTCUSDT',
      interval: '1m',
      limit: 1,
    });
    expect(stored?.close).toBe('2.00000000');
  });

  it('refuses forming candles', async () => {
    await expect(upsertCandles(database.db, [candle(0, { closed: false })])).rejects.toThrow(
      /closed candles only/,
    );
    expect(await database.db.candle.count()).toBe(0);
  });

  it('writes a large batch in one call', async () => {
    const bars = Array.from({ length: 12_000 }, (_, i) => candle(i));
    expect(await upsertCandles(database.db, bars)).toBe(12_000);
    expect(await database.db.candle.count()).toBe(12_000);
  });
});

describe('listCandles', () => {
  beforeEach(async () => {
    await upsertCandles(database.db, [
      ...Array.from({ length: 10 }, (_, i) => candle(i)),
      candle(0, { symbol: 'ETHUSDT' }),
      candle(0, { interval: '5m' }),
    ]);
  });

  it('returns the newest bars before `before`, oldest first, at most `limit`', async () => {
    const page = await listCandles(database.db, {
      symbol: 'BTCUSDT',
      interval: '1m',
      before: T0 + 7 * MINUTE,
      limit: 3,
    });
    expect(page.map((c) => c.openTime)).toEqual([
      T0 + 4 * MINUTE,
      T0 + 5 * MINUTE,
      T0 + 6 * MINUTE,
    ]);
  });

  it('without `before` returns the newest bars; only of the asked symbol and interval', async () => {
    const page = await listCandles(database.db, { symbol: 'BTCUSDT', interval: '1m', limit: 100 });
    expect(page).toHaveLength(10);
    expect(page[0]?.openTime).toBe(T0);
    expect(page[9]?.openTime).toBe(T0 + 9 * MINUTE);
    expect(page.every((c) => c.symbol === 'BTCUSDT' && c.interval === '1m' && c.closed)).toBe(true);
  });

  it('returns nothing for limit 0 or before the first bar', async () => {
    expect(await listCandles(database.db, { symbol: 'BTCUSDT', interval: '1m', limit: 0 })).toEqual(
      [],
    );
    expect(
      await listCandles(database.db, { symbol: 'BTCUSDT', interval: '1m', before: T0, limit: 5 }),
    ).toEqual([]);
  });
});
