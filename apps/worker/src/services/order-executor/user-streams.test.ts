// Integration: Binance order updates arrive through the key's user data stream (exchange-sim's
// WebSocket API, in-process) rather than the 2 s poll. A resting limit order filled by the sim's
// replayed trades becomes FILLED in the history from its executionReport, with the poll set to
// ten minutes; when the sim drops the stream while the order fills, the reconciliation after the
// reconnect records that fill, exactly once, and a later poll finds nothing left to record.
// A key without open orders has its stream closed after a while.
// The sim's book top is pinned far from the market so limit orders rest, and its matching runs
// only when the test calls it, so each fill happens exactly when the test wants it.
import { DEMO_API_KEY, DEMO_API_SECRET } from '@coinview/exchange-sim/server';
import { type TestDatabase, createTestDatabase } from '@coinview/db/testing';
import { BinanceRestClient } from '@coinview/exchange/rest';
import { type ExchangeSim, startExchangeSim } from '@coinview/exchange-sim/server';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { until } from '../alert-delivery/test-setup';
import { Brokers } from './brokers';
import { OrderReconciler } from './order-reconciler';
import type { OrderChangeListener } from './record-order-change';
import { type SimTrader, createSimTrader, secretBox, startExecutor, ticket } from './test-trading';
import { UserStreams } from './user-streams';

const logs: string[] = [];
const logger = pino({ level: 'debug' }, { write: (line: string) => logs.push(line) });
const silent = pino({ level: 'silent' });

let database: TestDatabase;
let sim: ExchangeSim;
const stops: (() => Promise<void>)[] = [];

beforeAll(async () => {
  [database, sim] = await Promise.all([
    createTestDatabase(),
    startExchangeSim({
      symbols: ['BTCUSDT'],
      logger: silent,
      // Ten sim seconds of trades per wall second, so the tape soon prints at the limit price.
      speed: 10,
      quotes: {
        top: (symbol) => ({
          symbol,
          bidPrice: '1.00',
          bidQty: '1',
          askPrice: '9000000.00',
          askQty: '1',
        }),
      },
      matchTickMs: 3_600_000,
    }),
  ]);
});
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});
afterAll(async () => {
  await sim?.stop();
  await database?.cleanup();
});

/** The executor, the streams and a reconciler whose next pass is ten minutes away, as main.ts wires them. */
async function startTrading(options: { backoffMs?: number; idleMs?: number } = {}) {
  const changes: string[] = [];
  const brokers = new Brokers({
    db: database.db,
    secretBox,
    simRestUrl: sim.restUrl,
    paper: () => {
      throw new Error('no paper account in this test');
    },
  });
  const record: OrderChangeListener = (order) => {
    changes.push(`${order.id} ${order.status}`);
    return Promise.resolve();
  };
  const streams = new UserStreams({
    db: database.db,
    keys: brokers,
    brokers,
    onChange: record,
    logger,
    scanIntervalMs: 100,
    idleMs: options.idleMs,
    ...(options.backoffMs
      ? { backoff: { minMs: options.backoffMs, maxMs: options.backoffMs } }
      : {}),
  });
  const reconciler = new OrderReconciler({
    db: database.db,
    brokers,
    paper: () => {
      throw new Error('no paper account in this test');
    },
    book: { top: () => Promise.resolve(null) },
    onChange: record,
    streaming: (userId, keyId) => streams.isLive(userId, keyId),
    logger,
    intervalMs: 600_000,
  });
  await streams.start();
  stops.push(() => streams.stop());
  await reconciler.start(); // its one pass now sees no open order; the next is 10 min away
  stops.push(() => reconciler.stop());
  const executor = await startExecutor({
    url: database.url,
    db: database.db,
    restUrl: sim.restUrl,
    logger: silent,
    onChange: async (order) => {
      streams.watch(order);
      await record(order);
    },
  });
  stops.push(() => executor.stop());
  return { streams, reconciler, changes };
}

/** A BUY limit just above the last trade: it rests (the pinned ask is far above) until matched. */
async function restingBuy(trader: SimTrader, streams: UserStreams) {
  const last = Number(
    (await new BinanceRestClient({ baseUrl: sim.restUrl }).ticker24h('BTCUSDT')).lastPrice,
  );
  const id = await ticket(database.db, trader, {
    quantity: '0.001',
    price: (last * 1.005).toFixed(2),
  });
  const order = () =>
    database.db.order.findUniqueOrThrow({ where: { id }, include: { fills: true } });
  await until(
    async () =>
      (await order()).status === 'NEW' &&
      streams.isLive(trader.userId, trader.keyId) &&
      streams.reconciliationsOf(trader.userId, trader.keyId) >= 1,
  );
  const { clientOrderId } = await order();
  return { id, clientOrderId, order };
}

/** Lets the sim match resting orders against the replayed trades until this one fills. */
async function fillOnSim(clientOrderId: string) {
  await until(() => {
    sim.exchange.matchResting();
    return sim.exchange.get(DEMO_API_KEY, 'BTCUSDT', { clientOrderId }).status === 'FILLED';
  });
}

describe('user data streams', () => {
  it('records a resting limit order filled on the exchange from its execution report', async () => {
    const trader = await createSimTrader(database.db);
    const { streams, changes } = await startTrading({ idleMs: 500 });
    const { id, clientOrderId, order } = await restingBuy(trader, streams);
    expect((await order()).fills).toEqual([]);

    await fillOnSim(clientOrderId);
    await until(async () => (await order()).status === 'FILLED', { timeoutMs: 3000 });
    const row = await order();
    expect(row.executedQty.toFixed()).toBe('0.001');
    expect(row.fills).toHaveLength(1);
    expect(row.fills[0]).toMatchObject({ isMaker: true });
    // Through the stream's event: one subscription, one (initial) reconciliation, no poll since.
    expect(streams.reconciliationsOf(trader.userId, trader.keyId)).toBe(1);
    // Announced after the row is committed: wait for the announcement, then count it.
    await until(() => changes.includes(`${id} FILLED`));
    expect(changes.filter((c) => c === `${id} FILLED`)).toHaveLength(1);
    expect(logs.join('\n')).not.toContain(DEMO_API_SECRET);

    // The key has no open order left: its stream closes once idle.
    await until(() => !streams.holds(trader.userId, trader.keyId));
    expect(streams.isLive(trader.userId, trader.keyId)).toBe(false);
  });

  it('records a fill made while the stream was down once it reconnects, exactly once', async () => {
    const trader = await createSimTrader(database.db);
    const { streams, changes } = await startTrading({ backoffMs: 1500 });
    const { id, clientOrderId, order } = await restingBuy(trader, streams);

    expect(sim.faults.dropUserStreams()).toBeGreaterThanOrEqual(1);
    await until(() => !streams.isLive(trader.userId, trader.keyId), { timeoutMs: 1000 });
    await fillOnSim(clientOrderId);
    expect((await order()).status).toBe('NEW'); // its execution report went nowhere

    // Recorded by the reconciliation after the reconnect (counted once it has finished).
    await until(
      async () =>
        (await order()).status === 'FILLED' &&
        streams.reconciliationsOf(trader.userId, trader.keyId) >= 2,
      { timeoutMs: 5000 },
    );
    expect(streams.reconciliationsOf(trader.userId, trader.keyId)).toBe(2);
    const row = await order();
    expect(row.executedQty.toFixed()).toBe('0.001');
    expect(row.fills).toHaveLength(1);
    // The fill was announced once.
    await until(() => changes.includes(`${id} FILLED`));
    expect(changes.filter((c) => c === `${id} FILLED`)).toHaveLength(1);
    expect(logs.join('\n')).not.toContain(DEMO_API_SECRET);
  });
});
