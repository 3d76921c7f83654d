import { randomUUID } from 'node:crypto';
import { QUOTAS } from '@coinview/core/quotas';
import type { OrderFill } from '@coinview/core/trading/order';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { recordFire, type FireInput } from './alert-fires';
import type { Db } from './client';
import { createExchangeKey } from './exchange-keys';
import {
  CANCEL_ORDER_TASK,
  PLACE_ORDERS_TASK,
  PLACE_ORDER_TASK,
  placeOrderQueueName,
} from './order-queue';
import {
  InvalidCursorError,
  OrderAccountNotFoundError,
  applyOrderUpdate,
  createManualOrder,
  dailyOrderTotals,
  findOrderByClientOrderId,
  getOrder,
  listOpenOrdersOfAccount,
  listOrders,
  recordPlaceAttempt,
  requestOrderCancel,
  rulePosition,
  type ManualOrderTicket,
  type OrderView,
} from './orders';
import { QuotaExceededError } from './quota';
import { createSecretBox, generateSecretBoxKey } from './secret-box';
import { createTestDatabase, type TestDatabase } from './testing';

let database: TestDatabase;
let db: Db;
let alice: string;
let bob: string;
const box = createSecretBox(generateSecretBoxKey());

interface JobRow {
  task: string;
  payload: { orderId: string };
  key: string | null;
  queue: string | null;
}

async function placeJobs(task: string = PLACE_ORDER_TASK): Promise<JobRow[]> {
  return db.$queryRawUnsafe<JobRow[]>(
    `SELECT t.identifier AS task, j.payload, j.key, q.queue_name AS queue
     FROM graphile_worker._private_jobs j
     JOIN graphile_worker._private_tasks t ON t.id = j.task_id
     LEFT JOIN graphile_worker._private_job_queues q ON q.id = j.job_queue_id
     WHERE t.identifier = $1 ORDER BY j.id`,
    task,
  );
}

function ticket(overrides: Partial<ManualOrderTicket> = {}): ManualOrderTicket {
  return {
    ticketId: randomUUID(),
    account: { kind: 'paper' },
    symbol: 'BTCUSDT',
    side: 'BUY',
    type: 'MARKET',
    quantity: '0.00105',
    ...overrides,
  };
}

async function newUser(name: string): Promise<string> {
  return (await db.user.create({ data: { email: `${name}-${randomUUID()}@example.com` } })).id;
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
});

afterAll(async () => {
  await database?.cleanup();
});

beforeEach(async () => {
  alice = await newUser('alice');
  bob = await newUser('bob');
  await db.$executeRawUnsafe('DELETE FROM graphile_worker._private_jobs');
});

describe('createManualOrder', () => {
  it('records a PENDING order and its place-order job together', async () => {
    const t = ticket();
    const { order, created } = await createManualOrder(db, alice, t);
    expect(created).toBe(true);
    expect(order).toMatchObject({
      account: { kind: 'paper' },
      source: { kind: 'manual' },
      ticketId: t.ticketId,
      clientOrderId: `cvt-${t.ticketId.replaceAll('-', '')}`,
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'MARKET',
      origQty: '0.00105',
      quoteOrderQty: null,
      executedQty: '0',
      avgPrice: null,
      status: 'PENDING',
      attempts: 0,
    });
    expect(await placeJobs()).toEqual([
      {
        task: 'place-order',
        payload: { orderId: order.id },
        key: order.id,
        queue: placeOrderQueueName(alice),
      },
    ]);
  });

  it('makes one order of a ticket however often and however concurrently it is sent', async () => {
    const t = ticket({ type: 'LIMIT', price: '90000.01', quantity: '0.001' });
    const results = await Promise.all(
      Array.from({ length: 8 }, () => createManualOrder(db, alice, t)),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.order.id)).size).toBe(1);
    expect(await db.order.count({ where: { userId: alice } })).toBe(1);
    expect(await placeJobs()).toHaveLength(1);
    const again = await createManualOrder(db, alice, t);
    expect(again).toMatchObject({ created: false, order: { id: results[0]!.order.id } });
    expect(await placeJobs()).toHaveLength(1);
  });

  it('trades only through the user’s own exchange keys', async () => {
    const bobsKey = await createExchangeKey(db, box, bob, {
      label: 'Bob',
      environment: 'sim',
      apiKey: 'bob-api-key-0001',
      secret: 'bob-secret',
      canTrade: true,
      permissions: ['SPOT'],
    });
    await expect(
      createManualOrder(db, alice, ticket({ account: { kind: 'binance', keyId: bobsKey.id } })),
    ).rejects.toThrow(OrderAccountNotFoundError);
    expect(await db.order.count({ where: { userId: alice } })).toBe(0);
    expect(await placeJobs()).toHaveLength(0);

    const { order } = await createManualOrder(
      db,
      bob,
      ticket({ account: { kind: 'binance', keyId: bobsKey.id } }),
    );
    expect(order.account).toEqual({ kind: 'binance', keyId: bobsKey.id, label: 'Bob' });
  });

  it(`refuses more than ${QUOTAS.openOrders.limit} open orders per user`, async () => {
    await db.order.createMany({
      data: Array.from({ length: QUOTAS.openOrders.limit - 2 }, (_, i) => ({
        userId: alice,
        accountKind: 'paper' as const,
        accountKey: 'paper',
        source: 'manual' as const,
        clientOrderId: `bulk-${i}`,
        symbol: 'BTCUSDT',
        side: 'BUY' as const,
        type: 'LIMIT' as const,
        status: i % 2 ? ('NEW' as const) : ('PENDING' as const),
      })),
    });
    // A final order does not count.
    await db.order.create({
      data: {
        userId: alice,
        accountKind: 'paper',
        accountKey: 'paper',
        source: 'manual',
        clientOrderId: 'done',
        symbol: 'BTCUSDT',
        side: 'BUY',
        type: 'MARKET',
        status: 'FILLED',
      },
    });
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, () => createManualOrder(db, alice, ticket())),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(2);
    for (const r of results)
      if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(QuotaExceededError);
    expect((await createManualOrder(db, bob, ticket())).created).toBe(true);
  });
});

describe('recordFire with an order action', () => {
  let ruleId: string;

  function fire(overrides: Partial<FireInput> = {}): FireInput {
    return {
      ruleId,
      userId: alice,
      barTime: new Date('2026-12-03T10:00:00Z'),
      trigger: 'bar-close',
      price: '97310.55',
      message: 'BTCUSDT RSI below 30',
      values: { 'RSI 14': 29.4 },
      channels: ['inapp'],
      once: false,
      ...overrides,
    };
  }

  async function rule(orderAction: unknown): Promise<string> {
    const row = await db.alertRule.create({
      data: {
        userId: alice,
        name: 'Buy the dip',
        symbol: 'BTCUSDT',
        interval: '1m',
        definition: {},
        message: 'dip',
        ...(orderAction === null ? {} : { orderAction: orderAction }),
      },
    });
    return row.id;
  }

  const buy100 = {
    side: 'BUY',
    type: 'MARKET',
    amount: { kind: 'quote', value: '100' },
    account: { kind: 'paper' },
  };

  it('creates the PENDING order and its job in the fire’s transaction, once per fire', async () => {
    ruleId = await rule(buy100);
    const results = await Promise.all(Array.from({ length: 6 }, () => recordFire(db, fire())));
    const inserted = results.filter((r) => r.inserted);
    expect(inserted).toHaveLength(1);
    const { fireId, orderId } = inserted[0]!;
    expect(orderId).not.toBeNull();
    const order = await getOrder(db, alice, orderId!);
    expect(order).toMatchObject({
      source: { kind: 'alert', ruleId, ruleName: 'Buy the dip', fireId },
      account: { kind: 'paper' },
      clientOrderId: `cvf-${fireId}`,
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'MARKET',
      action: buy100,
      referencePrice: '97310.55',
      origQty: null,
      status: 'PENDING',
    });
    expect(await db.order.count({ where: { userId: alice } })).toBe(1);
    // A fire's orders are placed by one place-orders job per recording (a bar's fires together).
    expect(await placeJobs(PLACE_ORDERS_TASK)).toEqual([
      expect.objectContaining({ payload: { orderIds: [orderId] }, queue: null }),
    ]);
    expect(await placeJobs()).toHaveLength(0);

    // Another bar: another fire, another order.
    const next = await recordFire(db, fire({ barTime: new Date('2026-12-03T10:01:00Z') }));
    expect(next.orderId).not.toBe(orderId);
    expect(await placeJobs(PLACE_ORDERS_TASK)).toHaveLength(2);
  });

  it('makes no order for a rule without an action', async () => {
    ruleId = await rule(null);
    const result = await recordFire(db, fire());
    expect(result).toMatchObject({ inserted: true, orderId: null });
    expect(await db.order.count()).toBeGreaterThanOrEqual(0);
    expect(await db.order.count({ where: { userId: alice } })).toBe(0);
    expect(await placeJobs(PLACE_ORDERS_TASK)).toHaveLength(0);
  });

  it('records an action whose key is gone as REJECTED with the reason, without a job, and keeps the fire', async () => {
    ruleId = await rule({ ...buy100, account: { kind: 'binance', keyId: 'deleted-key' } });
    const result = await recordFire(db, fire());
    expect(result.inserted).toBe(true);
    const order = await getOrder(db, alice, result.orderId!);
    expect(order).toMatchObject({
      status: 'REJECTED',
      account: { kind: 'binance', keyId: 'deleted-key', label: null },
      rejectReason: expect.stringMatching(/exchange key .* was deleted/),
    });
    expect(await placeJobs(PLACE_ORDERS_TASK)).toHaveLength(0);
  });

  it('records an action that no longer reads as REJECTED, without a job', async () => {
    ruleId = await rule({ ...buy100, amount: { kind: 'quote', value: '-5' } });
    const result = await recordFire(db, fire());
    expect(await getOrder(db, alice, result.orderId!)).toMatchObject({
      status: 'REJECTED',
      rejectReason: expect.stringMatching(/order action is not valid/),
    });
    expect(await placeJobs(PLACE_ORDERS_TASK)).toHaveLength(0);
  });

  it('sums what a rule’s own orders hold (maxPosition)', async () => {
    ruleId = await rule(buy100);
    const fillOf = (tradeId: string, quantity: string): OrderFill => ({
      tradeId,
      price: '97000',
      quantity,
      commission: '0',
      commissionAsset: 'USDT',
      time: Date.now(),
      isMaker: false,
    });
    const buy = await recordFire(db, fire());
    await applyOrderUpdate(db, buy.orderId!, { status: 'FILLED', fills: [fillOf('1', '0.01')] });
    await db.alertRule.update({
      where: { id: ruleId },
      data: { orderAction: { ...buy100, side: 'SELL' } },
    });
    const sell = await recordFire(db, fire({ barTime: new Date('2026-12-03T11:00:00Z') }));
    await applyOrderUpdate(db, sell.orderId!, { status: 'FILLED', fills: [fillOf('2', '0.004')] });
    expect(await rulePosition(db, alice, ruleId)).toBe('0.006');
    expect(await rulePosition(db, bob, ruleId)).toBe('0');
  });

  it('uses the action as it is when the rule fires', async () => {
    ruleId = await rule(buy100);
    await db.alertRule.update({
      where: { id: ruleId },
      data: { orderAction: { ...buy100, side: 'SELL' } },
    });
    const result = await recordFire(db, fire());
    expect((await getOrder(db, alice, result.orderId!))?.side).toBe('SELL');
  });
});

describe('order updates', () => {
  const fill = (
    tradeId: string,
    price: string,
    quantity: string,
    commission: string,
  ): OrderFill => ({
    tradeId,
    price,
    quantity,
    commission,
    commissionAsset: 'BTC',
    time: Date.parse('2026-12-03T10:00:01Z'),
    isMaker: false,
  });

  it('counts each fill once, recomputes totals from the fills, and only moves forward', async () => {
    const { order } = await createManualOrder(db, alice, ticket({ quantity: '0.003' }));
    expect(await recordPlaceAttempt(db, order.id)).toBe(true);

    const first = await applyOrderUpdate(db, order.id, {
      status: 'PARTIALLY_FILLED',
      exchangeOrderId: '12345',
      fills: [fill('1', '97310.55', '0.001', '0.000001')],
    });
    expect(first?.newFills.map((f) => f.tradeId)).toEqual(['1']);

    const report = {
      status: 'FILLED' as const,
      fills: [
        fill('1', '97310.55', '0.001', '0.000001'),
        fill('2', '97310.56', '0.002', '0.000002'),
      ],
    };
    const second = await applyOrderUpdate(db, order.id, report);
    expect(second?.newFills.map((f) => f.tradeId)).toEqual(['2']);
    const replay = await applyOrderUpdate(db, order.id, report);
    expect(replay).toMatchObject({ changed: false, newFills: [] });

    // A late report of an earlier state changes nothing.
    const late = await applyOrderUpdate(db, order.id, { status: 'NEW' });
    expect(late?.changed).toBe(false);

    const stored = await getOrder(db, alice, order.id);
    expect(stored).toMatchObject({
      status: 'FILLED',
      exchangeOrderId: '12345',
      executedQty: '0.003',
      // 97310.55 × 0.001 + 97310.56 × 0.002, exactly.
      cummulativeQuoteQty: '291.93167',
      avgPrice: '97310.556666666666666667',
      fee: '0.000003',
      feeAsset: 'BTC',
      attempts: 1,
    });
    expect(stored?.fills).toHaveLength(2);
    expect(await recordPlaceAttempt(db, order.id)).toBe(false);
  });

  it('records a rejection with its code and reason', async () => {
    const { order } = await createManualOrder(db, alice, ticket());
    const result = await applyOrderUpdate(db, order.id, {
      status: 'REJECTED',
      rejectCode: -2010,
      rejectReason: 'Not enough USDT.',
    });
    expect(result?.order).toMatchObject({
      status: 'REJECTED',
      rejectCode: -2010,
      rejectReason: 'Not enough USDT.',
    });
    expect(await applyOrderUpdate(db, 'no-such-order', { status: 'NEW' })).toBeNull();
  });

  it('sums the daily totals of sent orders and a rule’s position', async () => {
    const since = new Date(Date.now() - 60_000);
    const a = await createManualOrder(
      db,
      alice,
      ticket({ quoteOrderQty: '100', quantity: undefined }),
    );
    const b = await createManualOrder(
      db,
      alice,
      ticket({ type: 'LIMIT', price: '90000', quantity: '0.01' }),
    );
    await createManualOrder(db, alice, ticket()); // not sent yet: not counted
    await recordPlaceAttempt(db, a.order.id);
    await recordPlaceAttempt(db, b.order.id);
    expect(await dailyOrderTotals(db, alice, since)).toEqual({ orders: 2, notional: '1000' });
    expect(await dailyOrderTotals(db, alice, since, { source: 'alert' })).toEqual({
      orders: 0,
      notional: '0',
    });
    expect(await dailyOrderTotals(db, bob, since)).toEqual({ orders: 0, notional: '0' });
    expect(await rulePosition(db, alice, 'no-rule')).toBe('0');
  });
});

describe('listOrders', () => {
  async function seed(): Promise<OrderView[]> {
    const made: OrderView[] = [];
    const specs: Partial<ManualOrderTicket>[] = [
      { symbol: 'BTCUSDT', side: 'BUY' },
      { symbol: 'ETHUSDT', side: 'SELL' },
      { symbol: 'BTCUSDT', side: 'SELL' },
      { symbol: 'ETHUSDT', side: 'BUY' },
      { symbol: 'BTCUSDT', side: 'BUY' },
      { symbol: 'SOLUSDT', side: 'BUY' },
      { symbol: 'BTCUSDT', side: 'SELL' },
    ];
    for (const spec of specs) made.push((await createManualOrder(db, alice, ticket(spec))).order);
    // Same createdAt for two orders: the id breaks the tie, no order is skipped or repeated.
    await db.order.updateMany({
      where: { id: { in: [made[2]!.id, made[3]!.id] } },
      data: { createdAt: new Date(made[2]!.createdAt) },
    });
    await applyOrderUpdate(db, made[0]!.id, { status: 'FILLED' });
    return made;
  }

  it('pages through every order newest first, without gaps or repeats', async () => {
    const made = await seed();
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Awaited<ReturnType<typeof listOrders>> = await listOrders(
        db,
        alice,
        {},
        { limit: 3, cursor },
      );
      seen.push(...page.orders.map((o) => o.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(made.length);
    const all = await listOrders(db, alice, {}, { limit: 50 });
    expect(all.orders.map((o) => o.id)).toEqual(seen);
    const times = all.orders.map((o) => o.createdAt);
    expect([...times].sort((x, y) => y - x)).toEqual(times);
  });

  it('filters by symbol, side, status, source, account and date range', async () => {
    const made = await seed();
    const ids = async (filter: Parameters<typeof listOrders>[2]) =>
      (await listOrders(db, alice, filter, { limit: 50 })).orders.map((o) => o.id).sort();
    const expected = (pick: (o: OrderView, i: number) => boolean) =>
      made
        .filter(pick)
        .map((o) => o.id)
        .sort();

    expect(await ids({ symbol: 'BTCUSDT' })).toEqual(expected((o) => o.symbol === 'BTCUSDT'));
    expect(await ids({ side: 'SELL' })).toEqual(expected((o) => o.side === 'SELL'));
    expect(await ids({ symbol: 'BTCUSDT', side: 'BUY' })).toEqual(
      expected((o) => o.symbol === 'BTCUSDT' && o.side === 'BUY'),
    );
    expect(await ids({ status: ['FILLED'] })).toEqual([made[0]!.id]);
    expect(await ids({ status: ['PENDING', 'NEW'] })).toEqual(expected((_, i) => i !== 0));
    expect(await ids({ source: 'alert' })).toEqual([]);
    expect(await ids({ source: 'manual' })).toEqual(expected(() => true));
    expect(await ids({ account: { kind: 'paper' } })).toEqual(expected(() => true));
    expect(await ids({ account: { kind: 'binance', keyId: 'x' } })).toEqual([]);
    const last = made.at(-1)!;
    expect(await ids({ from: last.createdAt })).toContain(last.id);
    expect(await ids({ to: made[0]!.createdAt })).toEqual([]);
    expect(await ids({ from: 0, to: Date.now() + 60_000 })).toEqual(expected(() => true));
  });

  it('shows a user nothing of another user’s orders', async () => {
    const made = await seed();
    expect((await listOrders(db, bob, {}, { limit: 50 })).orders).toEqual([]);
    expect(await getOrder(db, bob, made[0]!.id)).toBeNull();
    expect(
      await findOrderByClientOrderId(db, bob, { kind: 'paper' }, made[0]!.clientOrderId),
    ).toBeNull();
    expect(await listOpenOrdersOfAccount(db, bob, { kind: 'paper' })).toEqual([]);
    expect(
      (await findOrderByClientOrderId(db, alice, { kind: 'paper' }, made[0]!.clientOrderId))?.id,
    ).toBe(made[0]!.id);
    expect(await listOpenOrdersOfAccount(db, alice, { kind: 'paper' })).toHaveLength(
      made.length - 1,
    );
    // Bob's ticket with Alice's ticket id is Bob's own order.
    const bobs = await createManualOrder(db, bob, ticket({ ticketId: made[0]!.ticketId! }));
    expect(bobs.created).toBe(true);
    expect(bobs.order.id).not.toBe(made[0]!.id);
  });

  it('refuses a forged cursor and clamps the page size', async () => {
    await seed();
    await expect(listOrders(db, alice, {}, { limit: 3, cursor: "1' OR 1=1" })).rejects.toThrow(
      InvalidCursorError,
    );
    expect((await listOrders(db, alice, {}, { limit: 0 })).orders).toHaveLength(1);
    expect((await listOrders(db, alice, {}, { limit: 10_000 })).orders).toHaveLength(7);
  });
});

describe('requestOrderCancel', () => {
  it('cancels an order never sent on the spot, and then the executor cannot send it', async () => {
    const { order } = await createManualOrder(db, alice, ticket());
    const result = await requestOrderCancel(db, alice, order.id);
    expect(result).toMatchObject({ outcome: 'canceled', order: { status: 'CANCELED' } });
    expect(await recordPlaceAttempt(db, order.id)).toBe(false);
    expect(await placeJobs(CANCEL_ORDER_TASK)).toHaveLength(0);
  });

  it('queues one cancel job, in the user’s order queue, for an order already sent', async () => {
    const { order } = await createManualOrder(
      db,
      alice,
      ticket({ type: 'LIMIT', price: '1', quantity: '1' }),
    );
    await recordPlaceAttempt(db, order.id);
    await applyOrderUpdate(db, order.id, { status: 'NEW', exchangeOrderId: '77' });
    expect(await requestOrderCancel(db, alice, order.id)).toMatchObject({ outcome: 'requested' });
    expect(await requestOrderCancel(db, alice, order.id)).toMatchObject({ outcome: 'requested' });
    expect(await placeJobs(CANCEL_ORDER_TASK)).toEqual([
      {
        task: CANCEL_ORDER_TASK,
        payload: { orderId: order.id },
        key: `cancel:${order.id}`,
        queue: placeOrderQueueName(alice),
      },
    ]);
    await applyOrderUpdate(db, order.id, { status: 'CANCELED' });
    expect(await requestOrderCancel(db, alice, order.id)).toMatchObject({ outcome: 'not-open' });
  });

  it('never both cancels and sends: the executor’s attempt and the cancel take turns', async () => {
    for (let i = 0; i < 10; i++) {
      const { order } = await createManualOrder(db, alice, ticket());
      const [sent, cancel] = await Promise.all([
        recordPlaceAttempt(db, order.id),
        requestOrderCancel(db, alice, order.id),
      ]);
      expect(sent && cancel.outcome === 'canceled').toBe(false);
      expect(sent || cancel.outcome === 'canceled').toBe(true);
    }
  });

  it('lets no one cancel another user’s order', async () => {
    const { order } = await createManualOrder(db, alice, ticket());
    expect(await requestOrderCancel(db, bob, order.id)).toEqual({ outcome: 'not-found' });
    expect((await getOrder(db, alice, order.id))?.status).toBe('PENDING');
    expect(await placeJobs(CANCEL_ORDER_TASK)).toHaveLength(0);
  });
});
