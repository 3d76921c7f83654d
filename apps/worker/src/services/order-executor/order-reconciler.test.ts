// Integration: the reconciler brings open orders in step with their broker. A Binance limit
// order cancelled on the exchange itself (as on Binance's own site) becomes CANCELED in the
// history; a resting paper limit order fills at its price, with the maker fee, from its locked
// funds, once the book reaches it — exactly once however many passes see it.
import { randomUUID } from 'node:crypto';
import { createManualOrder } from '@coinview/db/orders';
import { getPaperAccount } from '@coinview/db/paper-accounts';
import { type TestDatabase, createTestDatabase } from '@coinview/db/testing';
import { BinanceRestClient } from '@coinview/exchange/rest';
import { type ExchangeSim, DEMO_API_KEY, startExchangeSim } from '@coinview/exchange-sim/server';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BookTop, BookTopSource } from '../../adapters/book-ticker';
import { PaperBroker } from '../../adapters/paper-broker';
import { until } from '../alert-delivery/test-setup';
import { Brokers } from './brokers';
import { OrderReconciler, type OrderReconcilerOptions } from './order-reconciler';
import { SymbolRulesCache } from './symbol-rules-cache';
import { createSimTrader, secretBox, startExecutor, ticket } from './test-trading';

const silent = pino({ level: 'silent' });
let database: TestDatabase;
let sim: ExchangeSim;

beforeAll(async () => {
  [database, sim] = await Promise.all([
    createTestDatabase(),
    startExchangeSim({ symbols: ['BTCUSDT'], logger: silent }),
  ]);
});
afterAll(async () => {
  await sim?.stop();
  await database?.cleanup();
});

/** The book as a test sets it: where the market "is" now (the exchange's bookTicker answer). */
class SetBook implements BookTopSource {
  constructor(public current: BookTop) {}
  top(): Promise<BookTop | null> {
    return Promise.resolve(this.current);
  }
}

function reconciler(
  book: BookTopSource,
  changes: string[],
  extra: Pick<OrderReconcilerOptions, 'streaming' | 'streamedEvery'> = {},
) {
  const rest = new BinanceRestClient({ baseUrl: sim.restUrl });
  const rules = new SymbolRulesCache(rest);
  const paper = (userId: string) =>
    new PaperBroker({
      db: database.db,
      userId,
      book,
      rules,
      fees: { taker: '0.001', maker: '0.001' },
      startingBalance: '10000',
    });
  return new OrderReconciler({
    db: database.db,
    brokers: new Brokers({ db: database.db, secretBox, simRestUrl: sim.restUrl, paper }),
    paper,
    book,
    onChange: (order) => {
      changes.push(`${order.id} ${order.status}`);
      return Promise.resolve();
    },
    logger: silent,
    ...extra,
  });
}

describe('order reconciliation', () => {
  it('records a Binance order cancelled on the exchange itself', async () => {
    const trader = await createSimTrader(database.db);
    const id = await ticket(database.db, trader, { quantity: '0.001', price: '60000' });
    const executor = await startExecutor({
      url: database.url,
      db: database.db,
      restUrl: sim.restUrl,
      logger: silent,
    });
    await until(
      async () => (await database.db.order.findUniqueOrThrow({ where: { id } })).status === 'NEW',
    );
    await executor.stop();
    const { clientOrderId } = await database.db.order.findUniqueOrThrow({ where: { id } });
    sim.exchange.cancel(DEMO_API_KEY, 'BTCUSDT', { clientOrderId });

    const changes: string[] = [];
    const book = new SetBook({
      symbol: 'BTCUSDT',
      bidPrice: '1',
      bidQty: '1',
      askPrice: '2',
      askQty: '1',
    });
    expect(await reconciler(book, changes).pass()).toBeGreaterThanOrEqual(1);
    expect((await database.db.order.findUniqueOrThrow({ where: { id } })).status).toBe('CANCELED');
    expect(changes).toContain(`${id} CANCELED`);
  });

  it('looks at the orders of a key with a live user data stream only every n-th pass', async () => {
    const trader = await createSimTrader(database.db);
    const id = await ticket(database.db, trader, { quantity: '0.001', price: '60000' });
    const executor = await startExecutor({
      url: database.url,
      db: database.db,
      restUrl: sim.restUrl,
      logger: silent,
    });
    await until(
      async () => (await database.db.order.findUniqueOrThrow({ where: { id } })).status === 'NEW',
    );
    await executor.stop();
    const book = new SetBook({
      symbol: 'BTCUSDT',
      bidPrice: '1',
      bidQty: '1',
      askPrice: '2',
      askQty: '1',
    });
    const live = new Set([`${trader.userId} ${trader.keyId}`]);
    const rec = reconciler(book, [], {
      streaming: (userId, keyId) => live.has(`${userId} ${keyId}`),
      streamedEvery: 3,
    });
    const status = async () =>
      (await database.db.order.findUniqueOrThrow({ where: { id } })).status;
    await rec.pass(); // the first pass looks at every order (nothing changed yet)
    const { clientOrderId } = await database.db.order.findUniqueOrThrow({ where: { id } });
    sim.exchange.cancel(DEMO_API_KEY, 'BTCUSDT', { clientOrderId });
    await rec.pass();
    expect(await status()).toBe('NEW'); // the stream is trusted: not polled this pass
    live.clear();
    await rec.pass(); // the stream is down: polled on every pass again
    expect(await status()).toBe('CANCELED');
  });

  it('fills a resting paper limit order once the book reaches its price', async () => {
    const user = await database.db.user.create({ data: { email: `r-${randomUUID()}@x.test` } });
    const book = new SetBook({
      symbol: 'BTCUSDT',
      bidPrice: '97000',
      bidQty: '1',
      askPrice: '97000.01',
      askQty: '1',
    });
    const { order } = await createManualOrder(database.db, user.id, {
      ticketId: randomUUID(),
      account: { kind: 'paper' },
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      quantity: '0.01',
      price: '96000',
    });
    const changes: string[] = [];
    const rec = reconciler(book, changes);
    const paper = new PaperBroker({
      db: database.db,
      userId: user.id,
      book,
      rules: new SymbolRulesCache(new BinanceRestClient({ baseUrl: sim.restUrl })),
      fees: { taker: '0.001', maker: '0.001' },
      startingBalance: '10000',
    });
    expect(
      await paper.place({
        clientOrderId: order.clientOrderId,
        symbol: 'BTCUSDT',
        side: 'BUY',
        type: 'LIMIT',
        price: '96000',
        quantity: '0.01',
        timeInForce: 'GTC',
      }),
    ).toMatchObject({ outcome: 'accepted', order: { status: 'NEW' } });
    expect(await rec.pass()).toBe(0); // the market is above the limit: nothing fills

    book.current = {
      symbol: 'BTCUSDT',
      bidPrice: '95990',
      bidQty: '1',
      askPrice: '95999.5',
      askQty: '1',
    };
    await Promise.all([rec.pass(), rec.pass()]); // two passes at once: one fill
    const row = await database.db.order.findUniqueOrThrow({
      where: { id: order.id },
      include: { fills: true },
    });
    expect(row.status).toBe('FILLED');
    expect(row.fills.map((f) => [f.price.toFixed(), f.quantity.toFixed(), f.isMaker])).toEqual([
      ['96000', '0.01', true],
    ]);
    const balances = (await getPaperAccount(database.db, user.id))?.balances ?? [];
    expect(Object.fromEntries(balances.map((b) => [b.asset, [b.free, b.locked]]))).toEqual({
      USDT: ['9040', '0'],
      BTC: ['0.00999', '0'],
    });
    expect(changes).toEqual([`${order.id} FILLED`]);
  });
});
