import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from './client';
import { createExchangeKey } from './exchange-keys';
import { applyOrderUpdate, createManualOrder, getOrder } from './orders';
import {
  InsufficientPaperBalanceError,
  PaperAccountMissingError,
  applyPaperDeltas,
  getOrCreatePaperAccount,
  getPaperAccount,
  resetPaperAccount,
} from './paper-accounts';
import { createSecretBox, generateSecretBoxKey } from './secret-box';
import { createTestDatabase, type TestDatabase } from './testing';
import {
  DEFAULT_TRADING_SETTINGS,
  getTradingSettings,
  setKillSwitch,
  updateTradingSettings,
} from './trading-settings';

let database: TestDatabase;
let db: Db;
let alice: string;
let bob: string;
const start = { startingBalance: '10000' };

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
});

afterAll(async () => {
  await database?.cleanup();
});

beforeEach(async () => {
  alice = (await db.user.create({ data: { email: `alice-${randomUUID()}@example.com` } })).id;
  bob = (await db.user.create({ data: { email: `bob-${randomUUID()}@example.com` } })).id;
});

describe('paper accounts', () => {
  it('is created once on first use with the starting balance, however many ask at once', async () => {
    expect(await getPaperAccount(db, alice)).toBeNull();
    const accounts = await Promise.all(
      Array.from({ length: 6 }, () => getOrCreatePaperAccount(db, alice, start)),
    );
    expect(new Set(accounts.map((a) => a.id)).size).toBe(1);
    expect(accounts[0]).toMatchObject({
      quoteAsset: 'USDT',
      startingBalance: '10000',
      balances: [{ asset: 'USDT', free: '10000', locked: '0' }],
      resetAt: null,
    });
    // A later first use with another configured balance does not change an existing account.
    expect((await getOrCreatePaperAccount(db, alice, { startingBalance: '5' })).balances).toEqual([
      { asset: 'USDT', free: '10000', locked: '0' },
    ]);
    expect(await db.paperAccount.count({ where: { userId: alice } })).toBe(1);
  });

  it('keeps balances exact to the last decimal through a buy, its fee and a sell', async () => {
    await getOrCreatePaperAccount(db, alice, start);
    // Buy 0.00105 BTC at 97,310.55: pay 102.1760775 USDT, receive 0.00105 BTC less 0.1% fee in BTC.
    await applyPaperDeltas(db, alice, [
      { asset: 'USDT', free: '-102.1760775', locked: '0' },
      { asset: 'BTC', free: '0.00105', locked: '0' },
      { asset: 'BTC', free: '-0.00000105', locked: '0' },
    ]);
    expect((await getPaperAccount(db, alice))?.balances).toEqual([
      { asset: 'BTC', free: '0.00104895', locked: '0' },
      { asset: 'USDT', free: '9897.8239225', locked: '0' },
    ]);
    // Sell it all at 97,400.01: receive 102.1677404895 USDT less 0.1% fee in USDT.
    await applyPaperDeltas(db, alice, [
      { asset: 'BTC', free: '-0.00104895', locked: '0' },
      { asset: 'USDT', free: '102.1677404895', locked: '0' },
      { asset: 'USDT', free: '-0.1021677404895', locked: '0' },
    ]);
    expect((await getPaperAccount(db, alice))?.balances).toEqual([
      { asset: 'USDT', free: '9999.8894952490105', locked: '0' },
    ]);
  });

  it('refuses an overdraw and applies nothing of it', async () => {
    await getOrCreatePaperAccount(db, alice, start);
    const overdraw = applyPaperDeltas(db, alice, [
      { asset: 'BTC', free: '0.2', locked: '0' },
      { asset: 'USDT', free: '-20000', locked: '0' },
    ]);
    await expect(overdraw).rejects.toThrow(InsufficientPaperBalanceError);
    await expect(overdraw).rejects.toThrow(
      'Not enough USDT on paper: 10000 available, 20000 needed.',
    );
    await expect(
      applyPaperDeltas(db, alice, [{ asset: 'ETH', free: '-1', locked: '0' }]),
    ).rejects.toThrow('Not enough ETH on paper: 0 available, 1 needed.');
    expect((await getPaperAccount(db, alice))?.balances).toEqual([
      { asset: 'USDT', free: '10000', locked: '0' },
    ]);
  });

  it('locks and releases funds for an open limit order', async () => {
    await getOrCreatePaperAccount(db, alice, start);
    await applyPaperDeltas(db, alice, [{ asset: 'USDT', free: '-900.5', locked: '900.5' }]);
    expect((await getPaperAccount(db, alice))?.balances).toEqual([
      { asset: 'USDT', free: '9099.5', locked: '900.5' },
    ]);
    await expect(
      applyPaperDeltas(db, alice, [{ asset: 'USDT', free: '1000', locked: '-1000' }]),
    ).rejects.toThrow('Not enough USDT on paper: 900.5 available, 1000 needed.');
    await applyPaperDeltas(db, alice, [{ asset: 'USDT', free: '900.5', locked: '-900.5' }]);
    expect((await getPaperAccount(db, alice))?.balances).toEqual([
      { asset: 'USDT', free: '10000', locked: '0' },
    ]);
  });

  it('lets only as many concurrent spends through as the balance covers', async () => {
    await getOrCreatePaperAccount(db, alice, start);
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () =>
        applyPaperDeltas(db, alice, [
          { asset: 'USDT', free: '-3000', locked: '0' },
          { asset: 'BTC', free: '0.03', locked: '0' },
        ]),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    for (const r of results)
      if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(InsufficientPaperBalanceError);
    expect((await getPaperAccount(db, alice))?.balances).toEqual([
      { asset: 'BTC', free: '0.09', locked: '0' },
      { asset: 'USDT', free: '1000', locked: '0' },
    ]);
  });

  it('resets to the starting balance and cancels only the user’s open paper orders', async () => {
    await getOrCreatePaperAccount(db, alice, start);
    await getOrCreatePaperAccount(db, bob, start);
    await applyPaperDeltas(db, alice, [{ asset: 'USDT', free: '-500', locked: '500' }]);
    await applyPaperDeltas(db, bob, [{ asset: 'USDT', free: '-500', locked: '500' }]);
    const ticket = {
      symbol: 'BTCUSDT',
      side: 'BUY' as const,
      type: 'LIMIT' as const,
      price: '50000',
      quantity: '0.01',
    };
    const open = await createManualOrder(db, alice, {
      ticketId: randomUUID(),
      account: { kind: 'paper' },
      ...ticket,
    });
    const filled = await createManualOrder(db, alice, {
      ticketId: randomUUID(),
      account: { kind: 'paper' },
      ...ticket,
    });
    await applyOrderUpdate(db, filled.order.id, { status: 'FILLED' });
    const key = await createExchangeKey(db, createSecretBox(generateSecretBoxKey()), alice, {
      label: 'sim',
      environment: 'sim',
      apiKey: `key-${randomUUID()}`,
      secret: 's',
      canTrade: true,
      permissions: ['SPOT'],
    });
    const onBinance = await createManualOrder(db, alice, {
      ticketId: randomUUID(),
      account: { kind: 'binance', keyId: key.id },
      ...ticket,
    });
    const bobs = await createManualOrder(db, bob, {
      ticketId: randomUUID(),
      account: { kind: 'paper' },
      ...ticket,
    });

    const { account, canceledOrderIds } = await resetPaperAccount(db, alice, {
      startingBalance: '2500.5',
    });
    expect(account).toMatchObject({
      startingBalance: '2500.5',
      balances: [{ asset: 'USDT', free: '2500.5', locked: '0' }],
    });
    expect(account.resetAt).not.toBeNull();
    expect(canceledOrderIds).toEqual([open.order.id]);
    expect((await getOrder(db, alice, open.order.id))?.status).toBe('CANCELED');
    expect((await getOrder(db, alice, filled.order.id))?.status).toBe('FILLED');
    expect((await getOrder(db, alice, onBinance.order.id))?.status).toBe('PENDING');
    expect((await getOrder(db, bob, bobs.order.id))?.status).toBe('PENDING');
    expect((await getPaperAccount(db, bob))?.balances).toEqual([
      { asset: 'USDT', free: '9500', locked: '500' },
    ]);
  });

  it('touches only the user’s own account', async () => {
    await getOrCreatePaperAccount(db, alice, start);
    await expect(
      applyPaperDeltas(db, bob, [{ asset: 'USDT', free: '1', locked: '0' }]),
    ).rejects.toThrow(PaperAccountMissingError);
    expect(await getPaperAccount(db, bob)).toBeNull();
    await getOrCreatePaperAccount(db, bob, start);
    await applyPaperDeltas(db, bob, [{ asset: 'USDT', free: '-10000', locked: '0' }]);
    expect((await getPaperAccount(db, alice))?.balances).toEqual([
      { asset: 'USDT', free: '10000', locked: '0' },
    ]);
    expect((await getPaperAccount(db, bob))?.balances).toEqual([]);
  });
});

describe('trading settings', () => {
  it('starts with the defaults and changes only what is given, per user', async () => {
    expect(await getTradingSettings(db, alice)).toEqual(DEFAULT_TRADING_SETTINGS);
    expect(await setKillSwitch(db, alice, true)).toEqual({
      ...DEFAULT_TRADING_SETTINGS,
      killSwitch: true,
    });
    expect(
      await updateTradingSettings(db, alice, { maxOrdersPerDay: 20, maxNotionalPerDay: '5000.25' }),
    ).toEqual({ killSwitch: true, maxOrdersPerDay: 20, maxNotionalPerDay: '5000.25' });
    expect(await updateTradingSettings(db, alice, { maxNotionalPerDay: null })).toEqual({
      killSwitch: true,
      maxOrdersPerDay: 20,
      maxNotionalPerDay: null,
    });
    expect(await getTradingSettings(db, bob)).toEqual(DEFAULT_TRADING_SETTINGS);
  });
});
