// The topic names both apps import: per-user topics stay per user down to the Postgres channel
// they travel on, and the order event schema admits only what the worker publishes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgBus } from './bus';
import {
  candleTopic,
  isCandleTopic,
  notificationTopic,
  orderEventSchema,
  orderTopic,
} from './bus-topics';
import { createTestDatabase, type TestDatabase } from './testing';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase({ migrate: false });
});
afterAll(async () => {
  await database.cleanup();
});

describe('bus topics', () => {
  it('keeps the names the worker and the web have always used', () => {
    expect(candleTopic('BTCUSDT', '1m')).toBe('candles:BTCUSDT:1m');
    expect(notificationTopic('u1')).toBe('notifications:u1');
    expect(orderTopic('u1')).toBe('orders:u1');
    expect(isCandleTopic(candleTopic('ETHUSDT', '4h'))).toBe(true);
    expect(isCandleTopic(orderTopic('candles'))).toBe(false);
  });

  it("delivers a user's order events to that user's subscription only", async () => {
    const publisher = new PgBus(database.url);
    const subscriber = new PgBus(database.url);
    try {
      const alice: unknown[] = [];
      const bob: unknown[] = [];
      // cuid-like ids of equal length: their channels must not collide after hashing/truncation.
      await subscriber.subscribe(orderTopic('cmalice00000000000000000a'), (p) => alice.push(p));
      await subscriber.subscribe(orderTopic('cmbob0000000000000000000b'), (p) => bob.push(p));
      await publisher.publish(orderTopic('cmbob0000000000000000000b'), {
        orderId: 'o-bob',
        status: 'NEW',
      });
      await publisher.publish(orderTopic('cmalice00000000000000000a'), {
        orderId: 'o-alice',
        status: 'FILLED',
      });
      const deadline = Date.now() + 5_000;
      while ((alice.length < 1 || bob.length < 1) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 20));
      expect(alice.map((p) => orderEventSchema.parse(p))).toEqual([
        { orderId: 'o-alice', status: 'FILLED' },
      ]);
      expect(bob.map((p) => orderEventSchema.parse(p))).toEqual([
        { orderId: 'o-bob', status: 'NEW' },
      ]);
    } finally {
      await Promise.all([publisher.close(), subscriber.close()]);
    }
  });

  it('refuses order events that are not an order id and a known status', () => {
    expect(orderEventSchema.safeParse({ orderId: 'o1', status: 'PENDING' }).success).toBe(true);
    expect(orderEventSchema.safeParse({ orderId: 'o1', status: 'BOUGHT' }).success).toBe(false);
    expect(orderEventSchema.safeParse({ orderId: '', status: 'NEW' }).success).toBe(false);
    expect(orderEventSchema.safeParse({ orderId: 'x'.repeat(65), status: 'NEW' }).success).toBe(
      false,
    );
    expect(orderEventSchema.safeParse(null).success).toBe(false);
  });
});
