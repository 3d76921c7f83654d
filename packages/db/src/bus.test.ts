import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { channelForTopic, PayloadTooLargeError, PgBus } from './bus';
import { createTestDatabase, type TestDatabase } from './testing';

let database: TestDatabase;
const buses: PgBus[] = [];
beforeAll(async () => {
  database = await createTestDatabase({ migrate: false });
});
afterEach(async () => {
  await Promise.all(buses.splice(0).map((bus) => bus.close()));
});
afterAll(async () => {
  await database.cleanup();
});

function bus(options?: ConstructorParameters<typeof PgBus>[1]): PgBus {
  const created = new PgBus(database.url, options);
  buses.push(created);
  return created;
}

/** Resolves with the first `count` payloads delivered to a fresh subscription. */
function collect(subscriber: PgBus, topic: string) {
  const received: unknown[] = [];
  const waiters: (() => void)[] = [];
  const ready = subscriber.subscribe(topic, (payload) => {
    received.push(payload);
    waiters.splice(0).forEach((wake) => wake());
  });
  const until = async (count: number, timeoutMs = 5_000) => {
    const deadline = Date.now() + timeoutMs;
    while (received.length < count) {
      if (Date.now() > deadline)
        throw new Error(`only ${received.length} of ${count} events arrived`);
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
    return received;
  };
  return { ready, received, until };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 150));

describe('PgBus', () => {
  it('delivers what one bus publishes to subscribers of another, in order', async () => {
    const publisher = bus();
    const a = collect(bus(), 'candles:BTCUSDT:1m');
    await a.ready;
    await publisher.publish('candles:BTCUSDT:1m', { close: '1.5', n: 1 });
    await publisher.publish('candles:BTCUSDT:1m', { close: '1.6', n: 2 });
    expect(await a.until(2)).toEqual([
      { close: '1.5', n: 1 },
      { close: '1.6', n: 2 },
    ]);
  });

  it('fans one LISTEN connection out to every subscription of the topic only', async () => {
    const subscriber = bus();
    const first = collect(subscriber, 'candles:BTCUSDT:1m');
    const second = collect(subscriber, 'candles:BTCUSDT:1m');
    const other = collect(subscriber, 'candles:ETHUSDT:1m');
    await Promise.all([first.ready, second.ready, other.ready]);
    await bus().publish('candles:BTCUSDT:1m', 'tick');
    expect(await first.until(1)).toEqual(['tick']);
    expect(await second.until(1)).toEqual(['tick']);
    await settle();
    expect(other.received).toEqual([]);
    const listeners = await database.db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'`;
    expect(Number(listeners[0]?.n)).toBe(1);
  });

  it('keeps topics apart even when their channel names collide', async () => {
    expect(channelForTopic('a:b')).toBe(channelForTopic('a_b'));
    const subscriber = bus();
    const colon = collect(subscriber, 'a:b');
    const underscore = collect(subscriber, 'a_b');
    await Promise.all([colon.ready, underscore.ready]);
    await bus().publish('a:b', 1);
    expect(await colon.until(1)).toEqual([1]);
    await settle();
    expect(underscore.received).toEqual([]);
  });

  it('stops delivering after unsubscribe, leaving other subscriptions alone', async () => {
    const subscriber = bus();
    const publisher = bus();
    const kept = collect(subscriber, 'orders:u1');
    const dropped: unknown[] = [];
    const unsubscribe = await subscriber.subscribe('orders:u1', (payload) => dropped.push(payload));
    await kept.ready;
    await publisher.publish('orders:u1', 'one');
    await kept.until(1);
    await unsubscribe();
    await publisher.publish('orders:u1', 'two');
    expect(await kept.until(2)).toEqual(['one', 'two']);
    expect(dropped).toEqual(['one']);
  });

  it('refuses payloads over the NOTIFY limit with a clear error', async () => {
    const publisher = bus();
    const attempt = publisher.publish('big', { blob: 'x'.repeat(8_000) });
    await expect(attempt).rejects.toBeInstanceOf(PayloadTooLargeError);
    await expect(attempt).rejects.toThrow(/topic "big".*at most 7999/);
    await expect(publisher.publish('big', { blob: 'x'.repeat(7_900) })).resolves.toBeUndefined();
  });

  it('maps topics to valid, bounded channel names', () => {
    expect(channelForTopic('candles:BTCUSDT:1m')).toBe('cv_candles_btcusdt_1m');
    const long = channelForTopic(`x:${'Y'.repeat(200)}`);
    expect(long).toMatch(/^[a-z0-9_]{1,63}$/);
    expect(long).not.toBe(channelForTopic(`x:${'Y'.repeat(199)}`));
  });

  it('re-LISTENs after its connection is killed and reports the reconnect', async () => {
    let reconnects = 0;
    const subscriber = bus({
      onReconnect: () => (reconnects += 1),
      reconnectDelayMs: { min: 20, max: 200 },
    });
    const events = collect(subscriber, 'candles:BTCUSDT:1m');
    await events.ready;
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    try {
      const killed = await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'`,
      );
      expect(killed.rowCount).toBe(1);
    } finally {
      await admin.end();
    }
    const publisher = bus();
    const deadline = Date.now() + 5_000;
    while (reconnects === 0 && Date.now() < deadline) await settle();
    expect(reconnects).toBe(1);
    await publisher.publish('candles:BTCUSDT:1m', 'after');
    expect(await events.until(1)).toEqual(['after']);
  });
});
