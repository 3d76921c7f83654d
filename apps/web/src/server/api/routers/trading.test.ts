// trading.accounts / resetPaper / settings / updateSettings through createCaller on a real
// Postgres: the paper account appears with the starting balance on first use, positions are
// rebuilt from the recorded fills (average entry with fees, unrealized at the live price, realized
// per closed trade), reset asks for its typed confirmation, and one user's settings and accounts
// are never another's.
import { BTCUSDT } from '@coinview/core/trading/fixtures/exchange-info';
import { exchangeSymbolSchema, symbolRules } from '@coinview/core/trading/symbol-rules';
import { createManualOrder, applyOrderUpdate } from '@coinview/db/orders';
import { createSecretBox, generateSecretBoxKey } from '@coinview/db/secret-box';
import { createTestDatabase, type TestDatabase } from '@coinview/db/testing';
import { TRPCError } from '@trpc/server';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestContext, sessionFor } from '../testing';
import { createCallerFactory, createTRPCRouter } from '../trpc';
import { createTradingRouter } from './trading';

let database: TestDatabase;
let alice: { id: string; email: string };
let bob: { id: string; email: string };
let markPrice = '100000';

const btc = symbolRules(exchangeSymbolSchema.parse(BTCUSDT));
const router = createTRPCRouter({
  trading: createTradingRouter({
    startingBalance: '10000',
    box: () => createSecretBox(generateSecretBoxKey()),
    verifyKey: async () => ({ ok: false, reason: 'not used here' }),
    rulesFor: async (symbol) => (symbol === 'BTCUSDT' ? btc : undefined),
    lastPrices: async (symbols) => new Map(symbols.map((s) => [s, markPrice])),
    exchangeBalances: async () => [],
  }),
});
const createCaller = createCallerFactory(router);
const as = (user: { id: string; email: string }) =>
  createCaller(createTestContext({ db: database.db, session: sessionFor(user) }));

async function rejection(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

/** A filled paper market order with one fill, recorded as the worker would. */
async function filled(
  userId: string,
  side: 'BUY' | 'SELL',
  price: string,
  quantity: string,
  fee: { commission: string; asset: string },
  time: number,
) {
  const { order } = await createManualOrder(database.db, userId, {
    ticketId: randomUUID(),
    account: { kind: 'paper' },
    symbol: 'BTCUSDT',
    side,
    type: 'MARKET',
    quantity,
  });
  await applyOrderUpdate(database.db, order.id, {
    status: 'FILLED',
    exchangeOrderId: `p-${order.id}`,
    fills: [
      {
        tradeId: `t-${order.id}`,
        price,
        quantity,
        commission: fee.commission,
        commissionAsset: fee.asset,
        time,
        isMaker: false,
      },
    ],
  });
  return order;
}

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.cleanup();
});
beforeEach(async () => {
  markPrice = '100000';
  await database.db.user.deleteMany();
  alice = await database.db.user.create({
    data: { email: 'alice@example.com' },
    select: { id: true, email: true },
  });
  bob = await database.db.user.create({
    data: { email: 'bob@example.com' },
    select: { id: true, email: true },
  });
});

describe('trading.accounts', () => {
  it('opens the paper account with the starting balance on first use', async () => {
    const [paper] = await as(alice).trading.accounts();
    expect(paper).toMatchObject({
      id: 'paper',
      kind: 'paper',
      balances: [{ asset: 'USDT', free: '10000', locked: '0' }],
      positions: [],
      error: null,
    });
  });

  it('rebuilds positions from fills: average entry with fees, unrealized at the mark, realized per sell', async () => {
    await as(alice).trading.accounts();
    const t0 = Date.UTC(2026, 11, 3, 10);
    // Buy 0.01 at 90,000 (fee 0.00001 BTC) and 0.01 at 100,000 (fee 0.00001 BTC).
    await filled(alice.id, 'BUY', '90000', '0.01', { commission: '0.00001', asset: 'BTC' }, t0);
    await filled(
      alice.id,
      'BUY',
      '100000',
      '0.01',
      { commission: '0.00001', asset: 'BTC' },
      t0 + 1,
    );
    // Sell 0.01 at 110,000 (fee 1.1 USDT).
    await filled(alice.id, 'SELL', '110000', '0.01', { commission: '1.1', asset: 'USDT' }, t0 + 2);
    markPrice = '120000';
    const [paper] = await as(alice).trading.accounts();
    // Held 0.01998 for 1,900 → average entry 95,095.095095…; sold 0.01 of it.
    const position = paper!.positions[0]!;
    expect(position).toMatchObject({
      symbol: 'BTCUSDT',
      quantity: '0.00998',
      markPrice: '120000',
      // The page rounds the exact average to the tick's decimals (0.01): 95,095.1.
      priceDecimals: 2,
    });
    expect(position.averageEntry).toMatch(/^95095\.0950950950950950/);
    // Realized: 1,100 − 1.1 − 0.01 × 95,095.095… = 147.94904904…
    expect(position.realizedPnl).toMatch(/^147\.949049049049049/);
    // Unrealized: 0.00998 × 120,000 − 0.00998 × 95,095.095… = 248.5509509…
    expect(position.unrealizedPnl).toMatch(/^248\.550950950950950/);
    expect(position.closedTrades).toHaveLength(1);
    expect(position.closedTrades[0]).toMatchObject({ quantity: '0.01', exitPrice: '110000' });
    // Bob sees only his own (empty) account.
    const [bobPaper] = await as(bob).trading.accounts();
    expect(bobPaper!.positions).toEqual([]);
  });
});

describe('trading.resetPaper', () => {
  it('needs the typed confirmation, then puts the balance back', async () => {
    await as(alice).trading.accounts();
    await database.db.paperBalance.updateMany({ data: { free: '1.5' } });
    const err = await rejection(as(alice).trading.resetPaper({ confirm: 'reset' }));
    expect(err.code).toBe('BAD_REQUEST');
    expect((await as(alice).trading.accounts())[0]!.balances[0]!.free).toBe('1.5');
    expect(await as(alice).trading.resetPaper({ confirm: 'RESET' })).toEqual({
      canceledOrders: 0,
    });
    expect((await as(alice).trading.accounts())[0]!.balances).toEqual([
      { asset: 'USDT', free: '10000', locked: '0' },
    ]);
  });
});

describe('trading settings', () => {
  it("keeps each user's kill switch and limits to that user", async () => {
    expect(await as(alice).trading.settings()).toEqual({
      killSwitch: false,
      maxOrdersPerDay: null,
      maxNotionalPerDay: null,
    });
    await as(alice).trading.updateSettings({
      killSwitch: true,
      maxOrdersPerDay: 20,
      maxNotionalPerDay: '5000.5',
    });
    expect(await as(alice).trading.settings()).toEqual({
      killSwitch: true,
      maxOrdersPerDay: 20,
      maxNotionalPerDay: '5000.5',
    });
    expect((await as(bob).trading.settings()).killSwitch).toBe(false);
    await as(alice).trading.updateSettings({ maxOrdersPerDay: null });
    expect((await as(alice).trading.settings()).maxOrdersPerDay).toBeNull();
  });
});
