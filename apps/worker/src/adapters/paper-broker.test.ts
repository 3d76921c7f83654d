// Integration: ticket orders on the paper account → the place-order job → PaperBroker → Postgres,
// priced by exchange-sim's book (bookTicker) and filters (exchangeInfo): balances exact to the
// last decimal after fills and fees, a limit order rests with its funds locked until cancelled,
// and a replayed job or a second attempt never fills twice.
import { randomUUID } from 'node:crypto';
import { money } from '@coinview/core/trading/money';
import { createManualOrder } from '@coinview/db/orders';
import { getPaperAccount } from '@coinview/db/paper-accounts';
import { type TestDatabase, createTestDatabase } from '@coinview/db/testing';
import { BinanceRestClient } from '@coinview/exchange/rest';
import { type ExchangeSim, startExchangeSim } from '@coinview/exchange-sim/server';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { until } from '../services/alert-delivery/test-setup';
import { orderJobs } from '../services/order-executor/test-trading';
import { Brokers } from '../services/order-executor/brokers';
import { startOrderExecutor } from '../services/order-executor/start-order-executor';
import { SymbolRulesCache } from '../services/order-executor/symbol-rules-cache';
import { RestBookTicker } from './book-ticker';
import { PaperBroker } from './paper-broker';

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
  await database.db.$executeRawUnsafe('DELETE FROM graphile_worker._private_jobs');
});
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});
afterAll(async () => {
  await sim?.stop();
  await database?.cleanup();
});

function paperBroker(userId: string) {
  const rest = new BinanceRestClient({ baseUrl: sim.restUrl });
  return new PaperBroker({
    db: database.db,
    userId,
    book: new RestBookTicker(rest),
    rules: new SymbolRulesCache(rest),
    fees: { taker: '0.001', maker: '0.001' },
    startingBalance: '10000',
  });
}

async function executor() {
  const rest = new BinanceRestClient({ baseUrl: sim.restUrl });
  const runner = await startOrderExecutor({
    connectionString: database.url,
    db: database.db,
    brokers: new Brokers({ db: database.db, simRestUrl: sim.restUrl, paper: paperBroker }),
    rules: new SymbolRulesCache(rest),
    lastPrice: async (symbol) => (await rest.ticker24h(symbol)).lastPrice,
    onChange: () => Promise.resolve(),
    logger: pino({ level: 'silent' }),
    pollInterval: 50,
  });
  stops.push(() => runner.stop());
}

async function trader() {
  const user = await database.db.user.create({ data: { email: `p-${randomUUID()}@example.test` } });
  return user.id;
}

async function paperTicket(
  userId: string,
  input: { side?: 'BUY' | 'SELL'; quantity: string; price?: string },
) {
  const { order } = await createManualOrder(database.db, userId, {
    ticketId: randomUUID(),
    account: { kind: 'paper' },
    symbol: 'BTCUSDT',
    side: input.side ?? 'BUY',
    type: input.price ? 'LIMIT' : 'MARKET',
    quantity: input.quantity,
    ...(input.price ? { price: input.price } : {}),
  });
  return order.id;
}

const order = (id: string) =>
  database.db.order.findUniqueOrThrow({ where: { id }, include: { fills: true } });
const balances = async (userId: string) =>
  Object.fromEntries(
    ((await getPaperAccount(database.db, userId))?.balances ?? []).map((b) => [b.asset, b]),
  );

describe('paper trading', () => {
  it('fills a market buy at the ask: balances move by exactly price × quantity and the fee', async () => {
    const userId = await trader();
    const id = await paperTicket(userId, { quantity: '0.01234' });
    await executor();
    await until(async () => (await order(id)).status === 'FILLED');
    const row = await order(id);
    // One fill per book level taken (the top's quantity may be less than the order's).
    expect(row.fills.length).toBeGreaterThan(0);
    expect(row.fills.every((f) => f.commissionAsset === 'BTC')).toBe(true);
    const filled = row.fills.reduce((sum, f) => sum.plus(f.quantity.toFixed()), money('0'));
    const cost = row.fills.reduce(
      (sum, f) => sum.plus(money(f.price.toFixed()).times(f.quantity.toFixed())),
      money('0'),
    );
    const fees = row.fills.reduce((sum, f) => sum.plus(f.commission.toFixed()), money('0'));
    expect(filled.toFixed()).toBe('0.01234');
    expect(fees.toFixed()).toBe('0.00001234'); // 0.1% of what was received, in BTC
    const b = await balances(userId);
    expect(b.USDT?.free).toBe(money('10000').minus(cost).toFixed());
    expect(b.BTC?.free).toBe('0.01232766');
    expect(row.executedQty.toFixed()).toBe('0.01234');
    expect(row.cummulativeQuoteQty.toFixed()).toBe(cost.toFixed());
  });

  it('walks the book for a market buy bigger than the best ask: one fill per level, each price higher', async () => {
    const userId = await trader();
    // ~5,000 USDT of BTC: far more than the sim's best ask holds (its levels hold ~0.0005 BTC).
    const id = await paperTicket(userId, { quantity: '0.05' });
    await executor();
    await until(async () => (await order(id)).status === 'FILLED');
    const fills = [...(await order(id)).fills].sort((a, b) =>
      Number(BigInt(a.tradeId) - BigInt(b.tradeId)),
    );
    const prices = fills.map((f) => money(f.price.toFixed()));
    // Filling the rest at the best ask (what a top-only book did) gives one price for every fill.
    expect(fills.length).toBeGreaterThan(1);
    for (let i = 1; i < prices.length; i++) expect(prices[i]!.gt(prices[i - 1]!)).toBe(true);
    const filled = fills.reduce((sum, f) => sum.plus(f.quantity.toFixed()), money('0'));
    expect(filled.toFixed()).toBe('0.05');
  });

  it('rests a limit buy below the market with its funds locked, and cancelling frees them', async () => {
    const userId = await trader();
    const id = await paperTicket(userId, { quantity: '0.01', price: '1000' });
    await executor();
    await until(async () => (await order(id)).status === 'NEW');
    expect(await balances(userId)).toMatchObject({
      USDT: { free: '9990', locked: '10' },
    });
    const broker = paperBroker(userId);
    const { clientOrderId } = await order(id);
    expect((await broker.openOrders('BTCUSDT')).map((o) => o.clientOrderId)).toEqual([
      clientOrderId,
    ]);
    expect(await broker.cancel('BTCUSDT', clientOrderId)).toMatchObject({ outcome: 'canceled' });
    expect((await order(id)).status).toBe('CANCELED');
    expect((await balances(userId)).USDT).toMatchObject({ free: '10000', locked: '0' });
    // A second cancel finds nothing open and changes nothing.
    expect(await broker.cancel('BTCUSDT', clientOrderId)).toMatchObject({ outcome: 'rejected' });
    expect((await balances(userId)).USDT).toMatchObject({ free: '10000', locked: '0' });
  });

  it('fills once when the job is replayed and two attempts race', async () => {
    const userId = await trader();
    const id = await paperTicket(userId, { quantity: '0.002' });
    const { clientOrderId } = await order(id);
    const broker = paperBroker(userId);
    const request = {
      clientOrderId,
      symbol: 'BTCUSDT',
      side: 'BUY' as const,
      type: 'MARKET' as const,
      quantity: '0.002',
    };
    const results = await Promise.all([broker.place(request), broker.place(request)]);
    expect(results.map((r) => r.outcome)).toEqual(['accepted', 'accepted']);
    // The job that was queued with the ticket runs too, and finds the order placed.
    await executor();
    await until(async () => (await orderJobs(database.db)) === 0);
    const row = await order(id);
    const first = results[0];
    expect(row.fills).toHaveLength(first?.outcome === 'accepted' ? first.order.fills.length : -1);
    expect(row.executedQty.toFixed()).toBe('0.002');
    expect((await balances(userId)).BTC?.free).toBe('0.001998');
  });

  it('refuses an order the balance cannot pay for, and moves nothing', async () => {
    const userId = await trader();
    const id = await paperTicket(userId, { side: 'SELL', quantity: '1' });
    await executor();
    await until(async () => (await order(id)).status === 'REJECTED');
    expect((await order(id)).rejectReason).toMatch(/BTC/);
    expect(await balances(userId)).toMatchObject({ USDT: { free: '10000', locked: '0' } });
  });
});
