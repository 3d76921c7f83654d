// Integration: orders recorded by @coinview/db (a ticket, alert fires) → the place-order job →
// BinanceBroker (signed REST) → exchange-sim's matching engine, with the sim losing answers: every
// order exists exactly once on the exchange and in the history, and the history says what the
// exchange says.
import { type TestDatabase, createTestDatabase } from '@coinview/db/testing';
import { type ExchangeSim, DEMO_API_KEY, startExchangeSim } from '@coinview/exchange-sim/server';
import { requestOrderCancel } from '@coinview/db/orders';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { until } from '../alert-delivery/test-setup';
import {
  createSimTrader,
  fireRule,
  orderJobs,
  orderRule,
  startExecutor,
  ticket,
} from './test-trading';

const logs: string[] = [];
const logger = pino({ level: 'debug' }, { write: (line: string) => logs.push(line) });

let database: TestDatabase;
let sim: ExchangeSim;
const stops: (() => Promise<void>)[] = [];

beforeAll(async () => {
  [database, sim] = await Promise.all([
    createTestDatabase(),
    startExchangeSim({ symbols: ['BTCUSDT'], logger: pino({ level: 'silent' }) }),
  ]);
});
beforeEach(async () => {
  sim.faults.orders = null;
  await database.db.$executeRawUnsafe('DELETE FROM graphile_worker._private_jobs');
});
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});
afterAll(async () => {
  await sim?.stop();
  await database?.cleanup();
});

async function executor(extra: { releaseLocksAtStart?: boolean; concurrency?: number } = {}) {
  const runner = await startExecutor({
    url: database.url,
    db: database.db,
    restUrl: sim.restUrl,
    logger,
    ...extra,
  });
  stops.push(() => runner.stop());
  return runner;
}

const order = (id: string) =>
  database.db.order.findUniqueOrThrow({ where: { id }, include: { fills: true } });
const simOrder = (clientOrderId: string) =>
  sim.exchange.get(DEMO_API_KEY, 'BTCUSDT', { clientOrderId });

describe('place-order on Binance (exchange-sim)', () => {
  it('places a ticket’s market order once and records the exchange’s fills', async () => {
    const trader = await createSimTrader(database.db);
    const placedBefore = sim.exchange.placedCount;
    const id = await ticket(database.db, trader, { quantity: '0.00123' });
    await executor();
    await until(async () => (await order(id)).status === 'FILLED');
    const row = await order(id);
    const onSim = simOrder(row.clientOrderId);
    expect(sim.exchange.placedCount - placedBefore).toBe(1);
    expect(row.exchangeOrderId).toBe(String(onSim.orderId));
    expect(row.executedQty.toFixed()).toBe('0.00123');
    expect(row.fills.length).toBeGreaterThan(0);
    expect(row.attempts).toBe(1);
    expect(row.sentAt).not.toBeNull();
    // The order row is written before graphile-worker removes the finished job, so wait for it.
    await until(async () => (await orderJobs(database.db)) === 0);
  });

  it('refuses an order that breaks the symbol’s filters without sending it', async () => {
    const trader = await createSimTrader(database.db);
    const placedBefore = sim.exchange.placedCount;
    const id = await ticket(database.db, trader, { quantity: '0.00001' });
    await executor();
    await until(async () => (await order(id)).status === 'REJECTED');
    expect((await order(id)).rejectReason).toMatch(/below the minimum/);
    expect(sim.exchange.placedCount).toBe(placedBefore);
  });

  it('20 fires with order actions while the sim drops half the answers: exactly 20 orders', async () => {
    const trader = await createSimTrader(database.db);
    const ruleId = await orderRule(database.db, trader);
    sim.faults.orders = { dropRate: 0.5 };
    const placedBefore = sim.exchange.placedCount;
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) ids.push(await fireRule(database.db, trader, ruleId, '97000'));
    await executor({ concurrency: 8 });
    await until(
      async () =>
        (await database.db.order.count({ where: { id: { in: ids }, status: 'FILLED' } })) === 20,
      { hurry: database.db, timeoutMs: 60_000 },
    );
    expect(sim.exchange.placedCount - placedBefore).toBe(20);
    const rows = await database.db.order.findMany({ where: { id: { in: ids } } });
    // Each row is the sim's order with that client id, and no two rows share one.
    expect(new Set(rows.map((r) => r.exchangeOrderId)).size).toBe(20);
    for (const row of rows)
      expect(row.exchangeOrderId).toBe(String(simOrder(row.clientOrderId).orderId));
    // Some answers were lost (the fires' batch handed those orders to their own jobs) and looked
    // up by client id rather than resent.
    expect(logs.some((l) => l.includes('order answer not final'))).toBe(true);
    expect(logs.some((l) => l.includes('order found on the exchange by its client id'))).toBe(true);
    // And every job is done (the last one completes just after it recorded its order).
    await until(async () => (await orderJobs(database.db)) === 0);
  }, 90_000);

  it('a limit order rests on the exchange and the trader’s cancel reaches it', async () => {
    const trader = await createSimTrader(database.db);
    const id = await ticket(database.db, trader, { quantity: '0.001', price: '60000' });
    await executor();
    await until(async () => (await order(id)).status === 'NEW');
    const { clientOrderId } = await order(id);
    expect(simOrder(clientOrderId).status).toBe('NEW');
    expect(await requestOrderCancel(database.db, trader.userId, id)).toMatchObject({
      outcome: 'requested',
    });
    await until(async () => (await order(id)).status === 'CANCELED');
    expect(simOrder(clientOrderId).status).toBe('CANCELED');
    await until(async () => (await orderJobs(database.db)) === 0);
  });

  it('never puts the key’s secret in a log line', () => {
    expect(logs.length).toBeGreaterThan(0);
    const all = logs.join('\n');
    expect(all).not.toContain('9e71d35811f91cb20addb1a543b50a4895ba5d8c6737980d3cccc767d341c30c');
  });
});
