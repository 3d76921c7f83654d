import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './testing';
import {
  addToWatchlist,
  listWatchlist,
  MAX_WATCHLIST_ITEMS,
  moveWatchlistItem,
  removeFromWatchlist,
  reorderWatchlist,
  WatchlistFullError,
} from './watchlist';

let database: TestDatabase;
let alice: string;
let bob: string;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.cleanup();
});
beforeEach(async () => {
  await database.db.user.deleteMany();
  alice = (await database.db.user.create({ data: { email: 'alice@example.com' } })).id;
  bob = (await database.db.user.create({ data: { email: 'bob@example.com' } })).id;
});

const symbolsOf = async (userId: string) =>
  (await listWatchlist(database.db, userId)).map((i) => i.symbol);

describe('watchlist', () => {
  it('starts a new user with BTCUSDT and ETHUSDT, positions 0 and 1', async () => {
    const list = await listWatchlist(database.db, alice);
    expect(list.map((i) => [i.symbol, i.position])).toEqual([
      ['BTCUSDT', 0],
      ['ETHUSDT', 1],
    ]);
    // Reading again does not seed twice.
    expect(await symbolsOf(alice)).toEqual(['BTCUSDT', 'ETHUSDT']);
    expect(await database.db.watchlistItem.count({ where: { userId: alice } })).toBe(2);
  });

  it('keeps an emptied list empty: the defaults are given once', async () => {
    expect(await removeFromWatchlist(database.db, alice, 'BTCUSDT')).toBe(true);
    expect(await removeFromWatchlist(database.db, alice, 'ETHUSDT')).toBe(true);
    expect(await listWatchlist(database.db, alice)).toEqual([]);
    expect(await listWatchlist(database.db, alice)).toEqual([]);
  });

  it('seeds before the first write too, whatever that write is', async () => {
    const list = await addToWatchlist(database.db, alice, 'SOLUSDT');
    expect(list.map((i) => i.symbol)).toEqual(['BTCUSDT', 'ETHUSDT', 'SOLUSDT']);
  });

  it('appends, and adding a listed symbol again changes nothing', async () => {
    await addToWatchlist(database.db, alice, 'SOLUSDT');
    await addToWatchlist(database.db, alice, 'BNBUSDT');
    const again = await addToWatchlist(database.db, alice, 'ETHUSDT');
    expect(again.map((i) => [i.symbol, i.position])).toEqual([
      ['BTCUSDT', 0],
      ['ETHUSDT', 1],
      ['SOLUSDT', 2],
      ['BNBUSDT', 3],
    ]);
  });

  it('keeps positions dense after a removal', async () => {
    await addToWatchlist(database.db, alice, 'SOLUSDT');
    expect(await removeFromWatchlist(database.db, alice, 'BTCUSDT')).toBe(true);
    expect(await removeFromWatchlist(database.db, alice, 'BTCUSDT')).toBe(false);
    const list = await listWatchlist(database.db, alice);
    expect(list.map((i) => [i.symbol, i.position])).toEqual([
      ['ETHUSDT', 0],
      ['SOLUSDT', 1],
    ]);
  });

  it('moves one symbol, clamping the target index', async () => {
    await addToWatchlist(database.db, alice, 'SOLUSDT');
    let list = await moveWatchlistItem(database.db, alice, 'SOLUSDT', 0);
    expect(list?.map((i) => i.symbol)).toEqual(['SOLUSDT', 'BTCUSDT', 'ETHUSDT']);
    list = await moveWatchlistItem(database.db, alice, 'SOLUSDT', 99);
    expect(list?.map((i) => [i.symbol, i.position])).toEqual([
      ['BTCUSDT', 0],
      ['ETHUSDT', 1],
      ['SOLUSDT', 2],
    ]);
    expect(await moveWatchlistItem(database.db, alice, 'XRPUSDT', 0)).toBeNull();
  });

  it('reorders to the order given; unknown symbols ignored, missing ones kept at the end', async () => {
    await addToWatchlist(database.db, alice, 'SOLUSDT');
    await addToWatchlist(database.db, alice, 'BNBUSDT');
    const list = await reorderWatchlist(database.db, alice, ['BNBUSDT', 'XRPUSDT', 'ETHUSDT']);
    expect(list.map((i) => [i.symbol, i.position])).toEqual([
      ['BNBUSDT', 0],
      ['ETHUSDT', 1],
      ['BTCUSDT', 2],
      ['SOLUSDT', 3],
    ]);
    expect(await symbolsOf(alice)).toEqual(['BNBUSDT', 'ETHUSDT', 'BTCUSDT', 'SOLUSDT']);
  });

  it("never reads or changes another user's rows", async () => {
    await addToWatchlist(database.db, bob, 'XRPUSDT');
    const bobBefore = await listWatchlist(database.db, bob);

    // Alice names Bob's symbol (and his row ids) in every call: only her own list is affected.
    expect(await removeFromWatchlist(database.db, alice, 'XRPUSDT')).toBe(false);
    expect(await moveWatchlistItem(database.db, alice, 'XRPUSDT', 0)).toBeNull();
    const reordered = await reorderWatchlist(database.db, alice, [
      'XRPUSDT',
      ...bobBefore.map((i) => i.id),
    ]);
    expect(reordered.map((i) => i.symbol)).toEqual(['BTCUSDT', 'ETHUSDT']);
    await removeFromWatchlist(database.db, alice, 'BTCUSDT');
    await moveWatchlistItem(database.db, alice, 'ETHUSDT', 5);

    expect(await listWatchlist(database.db, bob)).toEqual(bobBefore);
    expect(await symbolsOf(alice)).toEqual(['ETHUSDT']);
    expect(bobBefore.map((i) => i.symbol)).toEqual(['BTCUSDT', 'ETHUSDT', 'XRPUSDT']);
  });

  it('queues concurrent adds: no two symbols share a position', async () => {
    const symbols = ['AAAUSDT', 'BBBUSDT', 'CCCUSDT', 'DDDUSDT', 'EEEUSDT', 'FFFUSDT'];
    await Promise.all(symbols.map((s) => addToWatchlist(database.db, alice, s)));
    const list = await listWatchlist(database.db, alice);
    expect(list).toHaveLength(8);
    expect(list.map((i) => i.position)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(new Set(list.map((i) => i.symbol))).toEqual(new Set(['BTCUSDT', 'ETHUSDT', ...symbols]));
  });

  it('refuses more than the maximum', async () => {
    await database.db.watchlistItem.createMany({
      data: Array.from({ length: MAX_WATCHLIST_ITEMS }, (_, i) => ({
        userId: alice,
        symbol: `S${i}USDT`,
        position: i,
      })),
    });
    await database.db.user.update({
      where: { id: alice },
      data: { watchlistSeededAt: new Date() },
    });
    await expect(addToWatchlist(database.db, alice, 'NEWUSDT')).rejects.toBeInstanceOf(
      WatchlistFullError,
    );
  });

  it('goes with its user', async () => {
    await listWatchlist(database.db, alice);
    await database.db.user.delete({ where: { id: alice } });
    expect(await database.db.watchlistItem.count({ where: { userId: alice } })).toBe(0);
    expect(await listWatchlist(database.db, alice)).toEqual([]);
    expect(await addToWatchlist(database.db, alice, 'BTCUSDT')).toEqual([]);
  });
});
