// orders.* through createCaller on a real Postgres and LISTEN/NOTIFY bus, with Binance's real
// BTCUSDT filters: a ticket becomes one PENDING order (with its place-order job) however often it
// is sent, a filter violation comes back as the trader's sentence, the history filters and pages
// on the server with each order's fills, the CSV carries what the filter shows, cancel stops an
// unsent order at once and asks the worker to cancel a sent one, and `live` forwards the signed-in
// user's order events only. Another user's order or key answers NOT_FOUND through every procedure.
import { randomUUID } from 'node:crypto';
import { BTCUSDT } from '@coinview/core/trading/fixtures/exchange-info';
import { exchangeSymbolSchema, symbolRules } from '@coinview/core/trading/symbol-rules';
import { orderTopic } from '@coinview/db/bus-topics';
import { applyOrderUpdate, recordPlaceAttempt } from '@coinview/db/orders';
import type { PgBus } from '@coinview/db/bus';
import type { TestDatabase } from '@coinview/db/testing';
import { parse } from 'csv-parse/sync';
import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { callersAs, nextWithin, signedInTestSetup, type TestUser } from '../testing';
import { createCallerFactory, createTRPCRouter } from '../trpc';
import { createOrdersRouter } from './orders';

let database: TestDatabase;
let publisher: PgBus;
let listener: PgBus;
let alice: TestUser;
let bob: TestUser;

const btc = symbolRules(exchangeSymbolSchema.parse(BTCUSDT));
const router = createTRPCRouter({
  orders: createOrdersRouter({
    getBus: async () => listener,
    rulesFor: async (symbol) => (symbol === 'BTCUSDT' ? btc : undefined),
    lastPrice: async () => '97310.55',
    feeRate: '0.001',
  }),
});
const as = callersAs(createCallerFactory(router), () => database.db);

const limitBuy = (over: Record<string, unknown> = {}) => ({
  ticketId: randomUUID(),
  symbol: 'BTCUSDT',
  side: 'BUY' as const,
  type: 'LIMIT' as const,
  amount: { kind: 'base' as const, value: '0.0012345' },
  price: '90000.019',
  account: { kind: 'paper' as const },
  ...over,
});

async function rejection(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

signedInTestSetup((setup) => {
  ({ database, publisher, listener, alice, bob } = setup);
});

describe('orders.place', () => {
  it('records the ticket as one PENDING order, rounded to the filters, with its job', async () => {
    const ticket = limitBuy();
    const order = await as(alice).orders.place(ticket);
    expect(order).toMatchObject({
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      status: 'PENDING',
      // Quantity down to the 0.00001 step, a buy's price down to the 0.01 tick.
      quantity: '0.00123',
      price: '90000.01',
      clientOrderId: `cvt-${ticket.ticketId.replace(/-/g, '')}`,
      source: { kind: 'manual' },
      account: { kind: 'paper' },
    });
    // The same ticket again (a double click, a retried request): the same order, no second one.
    expect((await as(alice).orders.place(ticket)).id).toBe(order.id);
    expect(await database.db.order.count()).toBe(1);
    const jobs = await database.db.$queryRawUnsafe<{ n: bigint }[]>(
      `select count(*) as n from graphile_worker._private_jobs j
         join graphile_worker._private_tasks t on t.id = j.task_id
        where t.identifier = 'place-order'`,
    );
    expect(Number(jobs[0]!.n)).toBe(1);
  });

  it('refuses what the filters refuse, in the words the ticket showed', async () => {
    const small = await rejection(
      as(alice).orders.place(
        limitBuy({ type: 'MARKET', price: undefined, amount: { kind: 'base', value: '0.00004' } }),
      ),
    );
    expect(small.code).toBe('BAD_REQUEST');
    expect(small.message).toBe('0.00004 BTC is below the minimum order of 5 USDT at 97,310.55.');
    const unknown = await rejection(as(alice).orders.place(limitBuy({ symbol: 'NOPEUSDT' })));
    expect(unknown.message).toBe('NOPEUSDT is not traded on the exchange.');
    expect(await database.db.order.count()).toBe(0);
  });

  it("refuses another user's key as if it did not exist", async () => {
    const key = await database.db.exchangeKey.create({
      data: {
        userId: bob.id,
        label: 'Bob',
        environment: 'sim',
        apiKey: 'BOBKEY0000000000',
        apiKeyLast4: '0000',
        secretEncrypted: 'x',
        canTrade: true,
      },
    });
    const err = await rejection(
      as(alice).orders.place(limitBuy({ account: { kind: 'binance', keyId: key.id } })),
    );
    expect(err.code).toBe('NOT_FOUND');
    expect(await database.db.order.count()).toBe(0);
  });
});

describe('orders.list and exportCsv', () => {
  it('filters and pages on the server, newest first, with fills', async () => {
    const placed = [];
    for (let i = 0; i < 5; i++)
      placed.push(
        await as(alice).orders.place(
          limitBuy({ side: i % 2 ? 'SELL' : 'BUY', price: String(90000 + i) }),
        ),
      );
    await as(bob).orders.place(limitBuy());

    const first = await as(alice).orders.list({ limit: 2 });
    expect(first.orders.map((o) => o.id)).toEqual([placed[4]!.id, placed[3]!.id]);
    const second = await as(alice).orders.list({ limit: 2, cursor: first.nextCursor! });
    expect(second.orders.map((o) => o.id)).toEqual([placed[2]!.id, placed[1]!.id]);
    const last = await as(alice).orders.list({ limit: 2, cursor: second.nextCursor! });
    expect(last.orders.map((o) => o.id)).toEqual([placed[0]!.id]);
    expect(last.nextCursor).toBeNull();

    const sells = await as(alice).orders.list({ side: 'SELL', limit: 25 });
    expect(sells.orders.map((o) => o.id)).toEqual([placed[3]!.id, placed[1]!.id]);
    expect((await as(alice).orders.list({ source: 'alert', limit: 25 })).orders).toEqual([]);
    expect((await as(alice).orders.list({ status: 'open', limit: 25 })).orders).toHaveLength(5);
    expect((await as(alice).orders.list({ symbol: 'ETHUSDT', limit: 25 })).orders).toEqual([]);
    const future = Date.now() + 60_000;
    expect((await as(alice).orders.list({ from: future, limit: 25 })).orders).toEqual([]);

    const csv = await as(alice).orders.exportCsv({ side: 'SELL' });
    const rows = parse<Record<string, string>>(csv.csv, { columns: true });
    expect(rows.map((r) => r.clientOrderId)).toEqual([
      placed[3]!.clientOrderId,
      placed[1]!.clientOrderId,
    ]);
    expect(csv).toMatchObject({ rows: 2, truncated: false });
  });
});

describe('another user', () => {
  it("cannot get, cancel or list alice's orders", async () => {
    const order = await as(alice).orders.place(limitBuy());
    expect((await rejection(as(bob).orders.get({ id: order.id }))).code).toBe('NOT_FOUND');
    expect((await rejection(as(bob).orders.cancel({ id: order.id }))).code).toBe('NOT_FOUND');
    expect((await as(bob).orders.list({ limit: 100 })).orders).toEqual([]);
    expect((await as(bob).orders.exportCsv({})).rows).toBe(0);
    expect(await as(bob).orders.fills({ symbol: 'BTCUSDT' })).toEqual([]);
    expect((await as(alice).orders.get({ id: order.id })).status).toBe('PENDING');
  });
});

describe('orders.cancel', () => {
  it('cancels an order not sent yet at once; a second cancel is refused', async () => {
    const order = await as(alice).orders.place(limitBuy());
    const canceled = await as(alice).orders.cancel({ id: order.id });
    expect(canceled).toMatchObject({ outcome: 'canceled', order: { status: 'CANCELED' } });
    const again = await rejection(as(alice).orders.cancel({ id: order.id }));
    expect(again.code).toBe('BAD_REQUEST');
    expect(again.message).toBe('This order is already canceled.');
  });

  it('asks the worker to cancel an open order, through the queue', async () => {
    const order = await as(alice).orders.place(limitBuy());
    await recordPlaceAttempt(database.db, order.id);
    await applyOrderUpdate(database.db, order.id, { status: 'NEW', exchangeOrderId: 'p1' });
    const asked = await as(alice).orders.cancel({ id: order.id });
    expect(asked).toMatchObject({ outcome: 'requested', order: { status: 'NEW' } });
    const jobs = await database.db.$queryRawUnsafe<{ n: bigint }[]>(
      `select count(*) as n from graphile_worker._private_jobs j
         join graphile_worker._private_tasks t on t.id = j.task_id
        where t.identifier = 'cancel-order'`,
    );
    expect(Number(jobs[0]!.n)).toBe(1);
  });
});

describe('fills', () => {
  it("shows an order's fills in the history and on the chart, to its owner only", async () => {
    const order = await as(alice).orders.place(limitBuy());
    await recordPlaceAttempt(database.db, order.id);
    const time = Date.UTC(2026, 11, 3, 14, 0, 25);
    await applyOrderUpdate(database.db, order.id, {
      status: 'PARTIALLY_FILLED',
      exchangeOrderId: 'p1',
      fills: [
        {
          tradeId: '7',
          price: '90000.01',
          quantity: '0.0005',
          commission: '0.0000005',
          commissionAsset: 'BTC',
          time,
          isMaker: true,
        },
      ],
    });
    const got = await as(alice).orders.get({ id: order.id });
    expect(got).toMatchObject({
      status: 'PARTIALLY_FILLED',
      executedQty: '0.0005',
      averagePrice: '90000.01',
      fee: '0.0000005',
      feeAsset: 'BTC',
    });
    expect(got.fills).toEqual([
      {
        tradeId: '7',
        price: '90000.01',
        quantity: '0.0005',
        commission: '0.0000005',
        commissionAsset: 'BTC',
        time,
        isMaker: true,
      },
    ]);
    expect(await as(alice).orders.fills({ symbol: 'BTCUSDT' })).toEqual([
      {
        id: `${order.id}:7`,
        orderId: order.id,
        side: 'BUY',
        time,
        price: '90000.01',
        quantity: '0.0005',
      },
    ]);
    expect(await as(alice).orders.fills({ symbol: 'ETHUSDT' })).toEqual([]);
    expect(await as(bob).orders.fills({ symbol: 'BTCUSDT' })).toEqual([]);
  });
});

describe('orders.live', () => {
  it("forwards the user's own order events only", async () => {
    const controller = new AbortController();
    const iterator = (await as(alice, controller.signal).orders.live({}))[Symbol.asyncIterator]();
    const first = nextWithin(iterator);
    await new Promise((r) => setTimeout(r, 200));
    await publisher.publish(orderTopic(bob.id), { orderId: 'b1', status: 'NEW' });
    await publisher.publish(orderTopic(alice.id), { orderId: 'a1', status: 'FILLED' });
    expect(await first).toEqual({ orderId: 'a1', status: 'FILLED' });
    controller.abort();
    await iterator.return?.();
  });
});
