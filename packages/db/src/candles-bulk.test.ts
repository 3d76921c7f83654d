import type { Candle } from '@coinview/core/candle';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listCandles, upsertCandles } from './candles';
import { copyCandles } from './candles-bulk';
import { createTestDatabase, type TestDatabase } from './testing';

const MINUTE = 60_000;
const T0 = Date.UTC(2024, 0, 1);

function candle(i: number, overrides: Partial<Candle> = {}): Candle {
  return {
    symbol: 'BTCUSDT',
    interval: '1m',
    openTime: T0 + i * MINUTE,
    closeTime: T0 + (i + 1) * MINUTE - 1,
    open: '42283.58',
    high: '42299.99999999',
    low: '0.00000001',
    close: `${42000 + (i % 500)}.5`,
    volume: '12.3456789',
    quoteVolume: '521987.12345678',
    trades: 100 + (i % 1000),
    takerBuyBaseVolume: '6.1',
    takerBuyQuoteVolume: '257000',
    closed: true,
    ...overrides,
  };
}

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.cleanup());
beforeEach(async () => {
  await database.db.candle.deleteMany();
});

const at8 = (c: Candle) => ({
  ...c,
  open: Number(c.open).toFixed(8),
  high: '42299.99999999',
  low: '0.00000001',
  close: Number(c.close).toFixed(8),
  volume: '12.34567890',
  quoteVolume: '521987.12345678',
  takerBuyBaseVolume: '6.10000000',
  takerBuyQuoteVolume: '257000.00000000',
});

describe('copyCandles', () => {
  it('stores candles exactly as the row-wise upsert does', async () => {
    const bars = Array.from({ length: 2500 }, (_, i) => candle(i));
    expect(await copyCandles(database.url, bars)).toEqual({
      copied: 2500,
      written: 2500,
      path: 'direct',
    });
    const stored = await listCandles(database.db, {
      symbol: 'BTCUSDT',
      interval: '1m',
      limit: 5000,
    });
    expect(stored).toEqual(bars.map(at8));
  });

  it('is idempotent, corrects changed bars, and leaves other bars alone', async () => {
    const bars = Array.from({ length: 10 }, (_, i) => candle(i));
    await upsertCandles(database.db, bars.slice(0, 5));
    const before = await database.db.candle.findFirstOrThrow({ where: { openTime: new Date(T0) } });
    expect(await copyCandles(database.url, bars)).toEqual({
      copied: 10,
      written: 5,
      path: 'merge',
    });
    expect(await copyCandles(database.url, bars)).toEqual({
      copied: 10,
      written: 0,
      path: 'merge',
    });
    const after = await database.db.candle.findFirstOrThrow({ where: { openTime: new Date(T0) } });
    expect(after.updatedAt).toEqual(before.updatedAt); // an identical row is not rewritten
    expect(await copyCandles(database.url, [candle(3, { close: '1.25' })])).toEqual({
      copied: 1,
      written: 1,
      path: 'merge',
    });
    const [changed] = await listCandles(database.db, {
      symbol: 'BTCUSDT',
      interval: '1m',
      before: T0 + 4 * MINUTE,
      limit: 1,
    });
    expect(changed?.close).toBe('1.25000000');
    expect(await database.db.candle.count()).toBe(10);
  });

  it('copies straight into the table next to stored bars outside the batch span', async () => {
    await copyCandles(database.url, [candle(0), candle(1)]);
    expect(await copyCandles(database.url, [candle(2), candle(3)])).toEqual({
      copied: 2,
      written: 2,
      path: 'direct',
    });
    // A gap-filling batch around stored bars takes the merge.
    expect(await copyCandles(database.url, [candle(1), candle(4)])).toMatchObject({
      path: 'merge',
      written: 1,
    });
    expect(await database.db.candle.count()).toBe(5);
  });

  it('falls back to the merge when another writer adds a bar in the span meanwhile', async () => {
    // An uncommitted row the span check cannot see: the direct COPY waits for it, then hits the key.
    const other = new pg.Client({ connectionString: database.url });
    await other.connect();
    try {
      await other.query('BEGIN');
      await upsertOn(other, candle(5, { close: '7' }));
      const copying = copyCandles(
        database.url,
        Array.from({ length: 10 }, (_, i) => candle(i)),
      );
      await new Promise((r) => setTimeout(r, 300));
      await other.query('COMMIT');
      expect(await copying).toEqual({ copied: 10, written: 10, path: 'merge' });
    } finally {
      await other.end();
    }
    const stored = await listCandles(database.db, {
      symbol: 'BTCUSDT',
      interval: '1m',
      limit: 100,
    });
    expect(stored).toHaveLength(10);
    expect(stored[5]!.close).toBe(at8(candle(5)).close); // the exchange's value won
  });

  it('keeps the last of repeated bars within one batch', async () => {
    const result = await copyCandles(database.url, [
      candle(0, { close: '1' }),
      candle(1),
      candle(0, { close: '2' }),
    ]);
    expect(result).toEqual({ copied: 2, written: 2, path: 'merge' });
    const [first] = await listCandles(database.db, {
      symbol: 'BTCUSDT',
      interval: '1m',
      before: T0 + 1,
      limit: 1,
    });
    expect(first?.close).toBe('2.00000000');
  });

  it('works on a caller-owned client and writes nothing when refusing a batch', async () => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      expect(await copyCandles(client, [candle(0), candle(1, { symbol: 'ETHUSDT' })])).toEqual({
        copied: 2,
        written: 2,
        path: 'merge',
      });
      await expect(copyCandles(client, [candle(5), candle(6, { closed: false })])).rejects.toThrow(
        /closed candles only/,
      );
      await expect(copyCandles(client, [candle(7), candle(8, { open: '1\t2' })])).rejects.toThrow(
        /COPY cannot take/,
      );
      // The connection is still usable (no transaction left open).
      expect((await client.query('SELECT count(*)::int AS n FROM "Candle"')).rows[0]).toEqual({
        n: 2,
      });
    } finally {
      await client.end();
    }
  });

  it('rolls back the whole batch when Postgres rejects a row', async () => {
    const bars = [candle(0), candle(1, { trades: 2 ** 31 })]; // out of int range
    await expect(copyCandles(database.url, bars)).rejects.toThrow(/out of range/);
    expect(await database.db.candle.count()).toBe(0);
  });
});

async function upsertOn(client: pg.Client, c: Candle): Promise<void> {
  await client.query(
    `INSERT INTO "Candle" ("symbol", "interval", "openTime", "closeTime", "open", "high", "low", "close", "volume",
       "quoteVolume", "trades", "takerBuyBaseVolume", "takerBuyQuoteVolume")
     VALUES ($1, $2, to_timestamp($3 / 1000.0), to_timestamp($4 / 1000.0), $5, $5, $5, $5, $5, $5, 1, $5, $5)`,
    [c.symbol, c.interval, c.openTime, c.closeTime, c.close],
  );
}
