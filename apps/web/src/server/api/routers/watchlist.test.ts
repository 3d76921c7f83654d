// The watchlist API against a real Postgres and the exchange-sim's exchangeInfo: defaults, add
// (listed symbols only), remove, move, reorder, and that one user can never see or change another's.
import { createTestDatabase, type TestDatabase } from '@coinview/db/testing';
import { BinanceRestClient } from '@coinview/exchange/rest';
import { type ExchangeSim, startExchangeSim } from '@coinview/exchange-sim/server';
import { TRPCError } from '@trpc/server';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SymbolDirectory } from '~/server/market/symbol-directory';
import { createTestContext, sessionFor } from '../testing';
import { createCallerFactory, createTRPCRouter } from '../trpc';
import { createWatchlistRouter } from './watchlist';

const silent = pino({ level: 'silent' });
let testDb: TestDatabase;
let sim: ExchangeSim;
let directory: SymbolDirectory;
let alice: { id: string; email: string };
let bob: { id: string; email: string };

const router = createTRPCRouter({
  watchlist: createWatchlistRouter({ getSymbols: () => directory }),
});
const createCaller = createCallerFactory(router);
const as = (who: { id: string; email: string } | null) =>
  createCaller(createTestContext({ db: testDb.db, session: who ? sessionFor(who) : null }))
    .watchlist;
const symbols = (list: { symbol: string }[]) => list.map((i) => i.symbol);

beforeAll(async () => {
  [testDb, sim] = await Promise.all([
    createTestDatabase(),
    startExchangeSim({ port: 0, logger: silent, symbols: ['BTCUSDT', 'ETHUSDT'] }),
  ]);
  directory = new SymbolDirectory({
    exchange: new BinanceRestClient({ baseUrl: sim.restUrl, logger: silent }),
  });
});
afterAll(async () => {
  await sim?.stop();
  await testDb?.cleanup();
});
beforeEach(async () => {
  await testDb.db.user.deleteMany();
  alice = await testDb.db.user.create({ data: { email: 'alice@example.test' } });
  bob = await testDb.db.user.create({ data: { email: 'bob@example.test' } });
});

async function errorOf(promise: Promise<unknown>): Promise<TRPCError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TRPCError);
  return err as TRPCError;
}

describe('watchlist', () => {
  it('starts with BTCUSDT and ETHUSDT and keeps an emptied list empty', async () => {
    expect(symbols(await as(alice).list())).toEqual(['BTCUSDT', 'ETHUSDT']);
    await as(alice).remove({ symbol: 'BTCUSDT' });
    expect(symbols(await as(alice).remove({ symbol: 'ETHUSDT' }))).toEqual([]);
    expect(await as(alice).list()).toEqual([]);
  });

  it('adds listed symbols (any case), once', async () => {
    await as(alice).remove({ symbol: 'BTCUSDT' });
    expect(symbols(await as(alice).add({ symbol: 'btcusdt' }))).toEqual(['ETHUSDT', 'BTCUSDT']);
    expect(symbols(await as(alice).add({ symbol: 'BTCUSDT' }))).toEqual(['ETHUSDT', 'BTCUSDT']);
  });

  it('refuses a symbol the exchange does not trade, with a clear message', async () => {
    const err = await errorOf(as(alice).add({ symbol: 'DOGEUSDT' }));
    expect(err.code).toBe('BAD_REQUEST');
    expect(err.message).toBe('DOGEUSDT is not traded on the exchange.');
    expect(symbols(await as(alice).list())).toEqual(['BTCUSDT', 'ETHUSDT']);
  });

  it('rejects malformed input as BAD_REQUEST', async () => {
    for (const input of [{ symbol: '' }, { symbol: 'BTC USDT' }, { symbol: 'BTC/USDT' }, {}])
      expect((await errorOf(as(alice).add(input as never))).code).toBe('BAD_REQUEST');
    expect((await errorOf(as(alice).move({ symbol: 'BTCUSDT', to: -1 }))).code).toBe('BAD_REQUEST');
    const tooMany = Array.from({ length: 201 }, (_, i) => `S${i}USDT`);
    expect((await errorOf(as(alice).reorder({ symbols: tooMany }))).code).toBe('BAD_REQUEST');
  });

  it('moves and reorders', async () => {
    expect(symbols(await as(alice).move({ symbol: 'ETHUSDT', to: 0 }))).toEqual([
      'ETHUSDT',
      'BTCUSDT',
    ]);
    expect(symbols(await as(alice).reorder({ symbols: ['BTCUSDT', 'ETHUSDT'] }))).toEqual([
      'BTCUSDT',
      'ETHUSDT',
    ]);
    expect((await errorOf(as(alice).move({ symbol: 'SOLUSDT', to: 0 }))).code).toBe('NOT_FOUND');
  });

  it("never shows or changes another user's list, whatever the input names", async () => {
    // Bob's list: ETHUSDT only, in his own order; his row ids are known to the attacker.
    await as(bob).remove({ symbol: 'BTCUSDT' });
    const bobList = await as(bob).list();
    expect(symbols(bobList)).toEqual(['ETHUSDT']);
    await as(alice).remove({ symbol: 'ETHUSDT' });
    const bobIds = bobList.map((i) => i.id);

    // Alice's list never contains Bob's rows.
    expect((await as(alice).list()).map((i) => i.id)).not.toContain(bobIds[0]);
    // Remove/move name Bob's symbol (and ids, and ids as symbols): nothing of his moves.
    expect((await errorOf(as(alice).remove({ symbol: 'ETHUSDT' }))).code).toBe('NOT_FOUND');
    expect((await errorOf(as(alice).move({ symbol: 'ETHUSDT', to: 0 }))).code).toBe('NOT_FOUND');
    for (const id of bobIds) {
      const asSymbol = { symbol: id };
      await as(alice)
        .remove(asSymbol)
        .catch(() => undefined);
      await as(alice)
        .move({ ...asSymbol, to: 0 })
        .catch(() => undefined);
      // Extra keys (an id, a userId) are stripped by the input schema, never used.
      await as(alice)
        .remove({ symbol: 'ETHUSDT', id, userId: bob.id } as never)
        .catch(() => undefined);
    }
    const reordered = await as(alice).reorder({
      symbols: ['ETHUSDT', 'BTCUSDT'],
      userId: bob.id,
    } as never);
    expect(symbols(reordered)).toEqual(['BTCUSDT']);

    expect(await as(bob).list()).toEqual(bobList);
    expect(symbols(await as(alice).list())).toEqual(['BTCUSDT']);
  });

  it('refuses signed-out callers', async () => {
    for (const call of [
      () => as(null).list(),
      () => as(null).add({ symbol: 'BTCUSDT' }),
      () => as(null).remove({ symbol: 'BTCUSDT' }),
      () => as(null).move({ symbol: 'BTCUSDT', to: 1 }),
      () => as(null).reorder({ symbols: [] }),
    ])
      expect((await errorOf(call())).code).toBe('UNAUTHORIZED');
    expect(await testDb.db.watchlistItem.count()).toBe(0);
  });
});
