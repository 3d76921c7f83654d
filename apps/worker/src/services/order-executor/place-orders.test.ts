// Integration: one place-orders job carrying many fire orders → the batch (attempts recorded in one
// statement, sent side by side, answers recorded as they come) → BinanceBroker → exchange-sim.
// Every order reaches the exchange exactly once, including after a crash that left some orders
// attempted, and what the batch does not settle itself goes to the order's own place-order job.
import { createBinanceBroker } from '@coinview/exchange/binance-broker';
import {
  type ExchangeSim,
  DEMO_API_KEY,
  DEMO_API_SECRET,
  startExchangeSim,
} from '@coinview/exchange-sim/server';
import { addPlaceOrdersJob } from '@coinview/db/order-queue';
import { setKillSwitch } from '@coinview/db/trading-settings';
import { type TestDatabase, createTestDatabase } from '@coinview/db/testing';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { until } from '../alert-delivery/test-setup';
import {
  type SimTrader,
  createSimTrader,
  fireRule,
  orderJobs,
  orderRule,
  startExecutor,
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
  logs.length = 0;
  await database.db.$executeRawUnsafe('DELETE FROM graphile_worker._private_jobs');
});
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});
afterAll(async () => {
  await sim?.stop();
  await database?.cleanup();
});

async function executor() {
  const runner = await startExecutor({
    url: database.url,
    db: database.db,
    restUrl: sim.restUrl,
    logger,
  });
  stops.push(() => runner.stop());
}

/**
 * `n` fire orders of the trader's rule (one per bar), queued as ONE place-orders job, as a bar's
 * fires of many rules are: the per-fire jobs recordFire added are removed first.
 */
async function batchOfFireOrders(trader: SimTrader, n: number, ruleId?: string): Promise<string[]> {
  const rule = ruleId ?? (await orderRule(database.db, trader));
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push(await fireRule(database.db, trader, rule, '97000'));
  await database.db.$executeRawUnsafe('DELETE FROM graphile_worker._private_jobs');
  await database.db.$transaction((tx) => addPlaceOrdersJob(tx, ids));
  return ids;
}

const rows = (ids: string[]) => database.db.order.findMany({ where: { id: { in: ids } } });
const simOrder = (clientOrderId: string) =>
  sim.exchange.get(DEMO_API_KEY, 'BTCUSDT', { clientOrderId });

describe('place-orders (a bar’s fire orders in one job)', () => {
  it('sends every order of the batch once and records what the exchange answered', async () => {
    const trader = await createSimTrader(database.db);
    // More than one commit's worth of answers (MAX_OUTCOMES_PER_COMMIT = 100).
    const ids = await batchOfFireOrders(trader, 120);
    const placedBefore = sim.exchange.placedCount;
    const announced: string[] = [];
    const runner = await startExecutor({
      url: database.url,
      db: database.db,
      restUrl: sim.restUrl,
      logger,
      onChange: async (order) => {
        announced.push(order.id);
      },
    });
    stops.push(() => runner.stop());
    await until(async () => (await rows(ids)).every((r) => r.status === 'FILLED'));
    expect(sim.exchange.placedCount - placedBefore).toBe(120);
    for (const row of await rows(ids)) {
      expect(row.attempts).toBe(1);
      expect(row.exchangeOrderId).toBe(String(simOrder(row.clientOrderId).orderId));
    }
    expect(new Set(announced)).toEqual(new Set(ids));
    expect(logs.filter((l) => l.includes('"batch placed"'))).toHaveLength(1);
    await until(async () => (await orderJobs(database.db)) === 0);
  });

  it('after a crash mid-batch, an order already sent is looked up, never sent again', async () => {
    const trader = await createSimTrader(database.db);
    const ids = await batchOfFireOrders(trader, 6);
    // What a batch killed between sending and hearing the answer leaves behind: the attempt
    // recorded, the order on the exchange, the row still PENDING.
    const [sent] = await rows(ids.slice(0, 1));
    await database.db.order.update({
      where: { id: sent!.id },
      data: { attempts: 1, sentAt: new Date(), origQty: '0.001' },
    });
    const broker = createBinanceBroker({
      environment: 'sim',
      credentials: { apiKey: DEMO_API_KEY, apiSecret: DEMO_API_SECRET },
      simRestUrl: sim.restUrl,
      recvWindow: 5000,
    });
    const placed = await broker.place({
      clientOrderId: sent!.clientOrderId,
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'MARKET',
      quantity: '0.001',
    });
    expect(placed.outcome).toBe('accepted');
    const placedBefore = sim.exchange.placedCount;
    await executor();
    await until(async () => (await rows(ids)).every((r) => r.status === 'FILLED'));
    expect(sim.exchange.placedCount - placedBefore).toBe(5);
    const again = (await rows(ids)).find((r) => r.id === sent!.id)!;
    expect(again.exchangeOrderId).toBe(String(simOrder(sent!.clientOrderId).orderId));
    expect(logs.some((l) => l.includes('order found on the exchange by its client id'))).toBe(true);
  });

  it('hands a user with a kill switch to the per-order job, which refuses the order', async () => {
    const trader = await createSimTrader(database.db);
    const free = await createSimTrader(database.db);
    await setKillSwitch(database.db, trader.userId, true);
    const stopped = await batchOfFireOrders(trader, 1);
    const goes = await fireRule(database.db, free, await orderRule(database.db, free), '97000');
    await database.db.$executeRawUnsafe('DELETE FROM graphile_worker._private_jobs');
    await database.db.$transaction((tx) => addPlaceOrdersJob(tx, [...stopped, goes]));
    await executor();
    await until(async () => {
      const [a, b] = [await rows(stopped), await rows([goes])];
      return a[0]?.status === 'REJECTED' && b[0]?.status === 'FILLED';
    });
    expect((await rows(stopped))[0]!.rejectReason).toMatch(/kill switch/i);
    expect((await rows(stopped))[0]!.attempts).toBe(0);
  });

  it('hands a percent-of-balance order to the per-order job, which reads the balance', async () => {
    const trader = await createSimTrader(database.db);
    const rule = await database.db.alertRule.create({
      data: {
        userId: trader.userId,
        name: 'a slice',
        symbol: 'BTCUSDT',
        interval: '1m',
        definition: {},
        message: 'slice',
        notifyInApp: false,
        notifyEmail: false,
        orderAction: {
          side: 'BUY',
          type: 'MARKET',
          amount: { kind: 'percentOfFree', value: '0.1' },
          account: { kind: 'binance', keyId: trader.keyId },
        },
      },
    });
    const ids = await batchOfFireOrders(trader, 1, rule.id);
    await executor();
    await until(async () => (await rows(ids))[0]?.status === 'FILLED');
    expect(logs.some((l) => l.includes('"handedOver":1'))).toBe(true);
    expect((await rows(ids))[0]!.quoteOrderQty).not.toBeNull();
  });

  it('refuses an order whose key was deleted, and never signs with another user’s key', async () => {
    const trader = await createSimTrader(database.db);
    const other = await createSimTrader(database.db);
    const [gone, foreign] = await batchOfFireOrders(trader, 2);
    // Deleted after the fire: the order names a key that no longer exists.
    await database.db.order.update({
      where: { id: gone! },
      data: { accountKey: 'ckeydeleted0000000000000' },
    });
    // Pointed at another user's key (which must never trade for this user).
    await database.db.order.update({ where: { id: foreign! }, data: { accountKey: other.keyId } });
    const placedBefore = sim.exchange.placedCount;
    await executor();
    await until(async () => (await rows([gone!, foreign!])).every((r) => r.status === 'REJECTED'));
    for (const row of await rows([gone!, foreign!]))
      expect(row.rejectReason).toBe('The exchange key of this order was deleted.');
    expect(sim.exchange.placedCount).toBe(placedBefore);
  });
});
