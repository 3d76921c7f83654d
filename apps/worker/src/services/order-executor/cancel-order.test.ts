// The cancel-order task tells the open tabs about a cancel in every case, including a broker that
// keeps its orders in this database (paper) and so has already recorded CANCELED itself: the open
// orders under the chart then never stay on "Cancelling…" (it failed that way in e2e under load,
// when the page's refetch ran before the worker's cancel).
import { randomUUID } from 'node:crypto';
import type { Broker } from '@coinview/core/trading/broker';
import { createManualOrder, loadOrderForExecution, recordPlaceAttempt } from '@coinview/db/orders';
import { type TestDatabase, createTestDatabase } from '@coinview/db/testing';
import type { JobHelpers } from 'graphile-worker';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stateOf } from '../../adapters/paper-broker';
import { recordOrderUpdate } from '../order-notifications/order-notice-queue';
import { createCancelOrderTask } from './cancel-order';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.cleanup();
});

async function openPaperLimit(): Promise<{ userId: string; orderId: string }> {
  const { db } = database;
  const user = await db.user.create({ data: { email: `c-${randomUUID()}@example.test` } });
  const { order } = await createManualOrder(db, user.id, {
    ticketId: randomUUID(),
    account: { kind: 'paper' },
    symbol: 'BTCUSDT',
    side: 'BUY',
    type: 'LIMIT',
    quantity: '0.001',
    price: '50000',
  });
  await recordPlaceAttempt(db, order.id, { origQty: '0.001', quoteOrderQty: null, price: '50000' });
  await recordOrderUpdate(db, order.id, { status: 'NEW', exchangeOrderId: order.id });
  return { userId: user.id, orderId: order.id };
}

/** A broker whose cancel writes the order row itself, as the paper broker does. */
function selfRecordingBroker(orderId: string): Broker {
  const unused = () => Promise.reject(new Error('not used'));
  return {
    place: unused,
    query: unused,
    openOrders: unused,
    balances: unused,
    async cancel() {
      await recordOrderUpdate(database.db, orderId, { status: 'CANCELED' });
      const order = await loadOrderForExecution(database.db, orderId);
      return { outcome: 'canceled', order: stateOf(order!) };
    },
  };
}

describe('cancel-order', () => {
  it('announces the cancel even when the broker recorded it itself', async () => {
    const { orderId } = await openPaperLimit();
    const announced: string[] = [];
    const task = createCancelOrderTask({
      db: database.db,
      brokers: { forAccount: async () => selfRecordingBroker(orderId) },
      onChange: async (order) => {
        announced.push(`${order.id} ${order.status}`);
      },
      logger: pino({ level: 'silent' }),
    });
    await task({ orderId }, {} as JobHelpers);
    expect(announced).toEqual([`${orderId} CANCELED`]);
  });

  it('announces nothing for an order that is no longer open', async () => {
    const { orderId } = await openPaperLimit();
    await recordOrderUpdate(database.db, orderId, { status: 'CANCELED' });
    const announced: string[] = [];
    const task = createCancelOrderTask({
      db: database.db,
      brokers: { forAccount: async () => selfRecordingBroker(orderId) },
      onChange: async (order) => {
        announced.push(order.status);
      },
      logger: pino({ level: 'silent' }),
    });
    await task({ orderId }, {} as JobHelpers);
    expect(announced).toEqual([]);
  });
});
