// Chart drawings on a real Postgres: sets read back as saved, versions refuse stale and racing
// writes, the limits hold and write nothing, and one user can neither reach nor detect another's.
import { DEFAULT_FIB_LEVELS, type DrawingInput } from '@coinview/core/drawings';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  clearDrawings,
  DRAWINGS_LIMITS,
  DrawingsInvalidError,
  DrawingsQuotaError,
  DrawingsVersionConflictError,
  getDrawings,
  listDrawingSymbols,
  saveDrawings,
} from './drawings';
import { createTestDatabase, type TestDatabase } from './testing';
import { deleteUserAccount } from './users';

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

const style = { color: '#2962ff', width: 2, dash: 'solid' } as const;
const trendLine = (id: string, from = 1_700_000_000, to = 1_700_003_600): DrawingInput => ({
  id,
  kind: 'trend-line',
  anchors: [
    { time: from, price: 37_000 },
    { time: to, price: 37_500.5 },
  ],
  style,
  locked: false,
  hidden: false,
});
const level = (id: string, price: number): DrawingInput => ({
  id,
  kind: 'horizontal-line',
  anchors: [{ time: 1_700_000_000, price }],
  style: { ...style, label: 'support' },
  locked: true,
  hidden: false,
});
const fibWithoutLevels: DrawingInput = {
  id: 'fib-1',
  kind: 'fib-retracement',
  anchors: [
    { time: 1_700_000_000, price: 36_000 },
    { time: 1_700_086_400, price: 38_000 },
  ],
  style,
  locked: false,
  hidden: false,
};
const longPosition: DrawingInput = {
  id: 'long-1',
  kind: 'long-position',
  anchors: [{ time: 1_700_000_000, price: 100 }],
  stop: 95,
  target: 115,
  quantity: 0.25,
  style,
  locked: false,
  hidden: true,
};
const note: DrawingInput = {
  id: 'note-1',
  kind: 'text',
  anchors: [{ time: 1_700_000_000, price: 99.5 }],
  text: 'Breakout?\nWatch volume',
  style,
  locked: false,
  hidden: false,
};

const many = (n: number) => Array.from({ length: n }, (_, i) => level(`l-${i}`, 100 + i));

describe('drawings', () => {
  it('has version 0 and no drawings on a symbol never drawn on', async () => {
    expect(await getDrawings(database.db, alice, 'BTCUSDT')).toEqual({
      drawings: [],
      version: 0,
      unreadable: [],
    });
    expect(await listDrawingSymbols(database.db, alice)).toEqual([]);
  });

  it('saves a set, reads it back equal, and counts one version per save', async () => {
    const set = [trendLine('t-1'), level('h-1', 36_800.25), longPosition, note];
    expect(await saveDrawings(database.db, alice, 'BTCUSDT', set, 0)).toEqual({
      version: 1,
      movedAlerts: [],
    });
    expect(await getDrawings(database.db, alice, 'BTCUSDT')).toEqual({
      drawings: set,
      version: 1,
      unreadable: [],
    });

    // The Fibonacci retracement is stored with the levels the schema gave it.
    const next = [...set, fibWithoutLevels];
    expect(await saveDrawings(database.db, alice, 'BTCUSDT', next, 1)).toEqual({
      version: 2,
      movedAlerts: [],
    });
    const read = await getDrawings(database.db, alice, 'BTCUSDT');
    expect(read.version).toBe(2);
    expect(read.drawings).toHaveLength(5);
    expect(read.drawings[4]).toEqual({ ...fibWithoutLevels, levels: [...DEFAULT_FIB_LEVELS] });

    // Undo: the earlier set again, as a new version.
    expect(await saveDrawings(database.db, alice, 'BTCUSDT', set, 2)).toEqual({
      version: 3,
      movedAlerts: [],
    });
    expect((await getDrawings(database.db, alice, 'BTCUSDT')).drawings).toEqual(set);
    // Another symbol is a set of its own.
    expect(await getDrawings(database.db, alice, 'ETHUSDT')).toMatchObject({ version: 0 });
  });

  it('refuses a stale save with the current version, leaving the set as it was', async () => {
    await saveDrawings(database.db, alice, 'BTCUSDT', [trendLine('t-1')], 0);
    await saveDrawings(database.db, alice, 'BTCUSDT', [trendLine('t-1'), level('h-1', 1)], 1);
    const before = await getDrawings(database.db, alice, 'BTCUSDT');

    for (const expected of [0, 1, 3, 99]) {
      const stale = saveDrawings(database.db, alice, 'BTCUSDT', [note], expected);
      await expect(stale).rejects.toBeInstanceOf(DrawingsVersionConflictError);
      await expect(stale).rejects.toMatchObject({
        symbol: 'BTCUSDT',
        expectedVersion: expected,
        currentVersion: 2,
        message: `Your drawings on BTCUSDT were changed elsewhere (version 2, this copy is version ${expected})`,
      });
    }
    await expect(clearDrawings(database.db, alice, 'BTCUSDT', 1)).rejects.toMatchObject({
      currentVersion: 2,
    });
    expect(await getDrawings(database.db, alice, 'BTCUSDT')).toEqual(before);
  });

  it('lets exactly one of several concurrent first saves through', async () => {
    const results = await Promise.allSettled(
      ['a', 'b', 'c', 'd', 'e'].map((id) =>
        saveDrawings(database.db, alice, 'BTCUSDT', [trendLine(id)], 0),
      ),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r) => r.status === 'rejected');
    expect(won).toEqual([{ status: 'fulfilled', value: { version: 1, movedAlerts: [] } }]);
    expect(lost).toHaveLength(4);
    for (const r of lost) {
      expect(r.reason).toBeInstanceOf(DrawingsVersionConflictError);
      expect(r.reason).toMatchObject({ expectedVersion: 0, currentVersion: 1 });
    }
    // The stored set is the winner's, whole.
    const stored = await getDrawings(database.db, alice, 'BTCUSDT');
    expect(stored.version).toBe(1);
    expect(stored.drawings).toHaveLength(1);
    const winner = results.findIndex((r) => r.status === 'fulfilled');
    expect(stored.drawings[0]?.id).toBe(['a', 'b', 'c', 'd', 'e'][winner]);
    expect(await database.db.chartDrawings.count()).toBe(1);
  });

  it('lets exactly one of two tabs saving over the same version through', async () => {
    await saveDrawings(database.db, alice, 'BTCUSDT', [trendLine('t-1')], 0);
    const results = await Promise.allSettled([
      saveDrawings(database.db, alice, 'BTCUSDT', [note], 1),
      clearDrawings(database.db, alice, 'BTCUSDT', 1),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((await getDrawings(database.db, alice, 'BTCUSDT')).version).toBe(2);
  });

  it('clears a set: versions go on counting and the symbol leaves the list', async () => {
    await saveDrawings(database.db, alice, 'BTCUSDT', [trendLine('t-1'), note], 0);
    await saveDrawings(database.db, alice, 'ETHUSDT', [level('h-1', 2000)], 0);
    expect(await clearDrawings(database.db, alice, 'BTCUSDT', 1)).toEqual({
      version: 2,
      movedAlerts: [],
    });
    expect(await getDrawings(database.db, alice, 'BTCUSDT')).toEqual({
      drawings: [],
      version: 2,
      unreadable: [],
    });
    expect((await listDrawingSymbols(database.db, alice)).map((s) => s.symbol)).toEqual([
      'ETHUSDT',
    ]);
    // A tab that still holds version 1 cannot write over what comes after the clear.
    await expect(
      saveDrawings(database.db, alice, 'BTCUSDT', [level('h-2', 1)], 1),
    ).rejects.toMatchObject({ currentVersion: 2 });
    expect(await saveDrawings(database.db, alice, 'BTCUSDT', [note], 2)).toEqual({
      version: 3,
      movedAlerts: [],
    });
  });

  it('writes no row for an empty set where nothing was saved', async () => {
    expect(await clearDrawings(database.db, alice, 'BTCUSDT', 0)).toEqual({
      version: 0,
      movedAlerts: [],
    });
    expect(await saveDrawings(database.db, alice, 'BTCUSDT', [], 0)).toEqual({
      version: 0,
      movedAlerts: [],
    });
    expect(await database.db.chartDrawings.count()).toBe(0);
    await expect(clearDrawings(database.db, alice, 'BTCUSDT', 1)).rejects.toMatchObject({
      currentVersion: 0,
    });
  });

  it('lists the symbols with drawings, their counts, most recently saved first', async () => {
    await saveDrawings(database.db, alice, 'BTCUSDT', [trendLine('t-1'), note], 0);
    await saveDrawings(database.db, alice, 'ETHUSDT', many(3), 0);
    await saveDrawings(database.db, alice, 'BTCUSDT', [note], 1);
    const list = await listDrawingSymbols(database.db, alice);
    expect(list).toEqual([
      { symbol: 'BTCUSDT', count: 1, updatedAt: expect.any(Number) as number },
      { symbol: 'ETHUSDT', count: 3, updatedAt: expect.any(Number) as number },
    ]);
    expect(list[0]!.updatedAt).toBeGreaterThanOrEqual(list[1]!.updatedAt);
  });

  it('refuses an invalid set in words and writes nothing', async () => {
    await saveDrawings(database.db, alice, 'BTCUSDT', [note], 0);
    const cases: Array<[unknown, string]> = [
      [
        many(DRAWINGS_LIMITS.perSymbol + 1),
        'At most 500 drawings on one symbol: delete some to draw more',
      ],
      [
        [level('same', 1), note, level('same', 2)],
        'Two drawings have the id "same": each drawing needs its own id',
      ],
      [
        [note, trendLine('t-1', 1_700_000_000, 1_700_000_000)],
        'Drawing 2: anchors.1.time: A trend line needs two points at different times',
      ],
      [{ 0: note }, 'Drawings are sent as a list'],
    ];
    for (const [set, message] of cases) {
      const attempt = saveDrawings(database.db, alice, 'BTCUSDT', set as DrawingInput[], 1);
      await expect(attempt).rejects.toBeInstanceOf(DrawingsInvalidError);
      await expect(attempt).rejects.toThrow(message);
    }
    // Exactly the limit is fine.
    expect(
      await saveDrawings(database.db, alice, 'BTCUSDT', many(DRAWINGS_LIMITS.perSymbol), 1),
    ).toEqual({ version: 2, movedAlerts: [] });
    expect((await getDrawings(database.db, alice, 'BTCUSDT')).drawings).toHaveLength(500);
  });

  it(`keeps drawings on at most ${DRAWINGS_LIMITS.symbols} symbols per user`, async () => {
    const symbol = (i: number) => `S${String(i).padStart(3, '0')}USDT`;
    // 199 symbols with drawings, as earlier saves would have left them.
    await database.db.chartDrawings.createMany({
      data: Array.from({ length: DRAWINGS_LIMITS.symbols - 1 }, (_, i) => ({
        userId: alice,
        symbol: symbol(i),
        drawings: [level('h-1', 1)],
        drawingCount: 1,
      })),
    });
    // Room for one: of five parallel first saves on new symbols, exactly one is let in.
    const results = await Promise.allSettled(
      [1, 2, 3, 4, 5].map((n) => saveDrawings(database.db, alice, `NEW${n}USDT`, [note], 0)),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((r) => r.status === 'rejected')) {
      expect(r.reason).toBeInstanceOf(DrawingsQuotaError);
      expect((r.reason as Error).message).toBe(
        'You have drawings on 200 symbols, the most one account can have. Clear the drawings of one to draw on another.',
      );
    }
    expect(await listDrawingSymbols(database.db, alice)).toHaveLength(200);
    await expect(saveDrawings(database.db, alice, 'ETHUSDT', [note], 0)).rejects.toBeInstanceOf(
      DrawingsQuotaError,
    );
    expect(await getDrawings(database.db, alice, 'ETHUSDT')).toMatchObject({ version: 0 });

    // At the limit, a symbol that has drawings still saves.
    expect(await saveDrawings(database.db, alice, symbol(0), [level('h-1', 1), note], 1)).toEqual({
      version: 2,
      movedAlerts: [],
    });
    // Clearing one makes room for another, and an emptied set cannot come back past the limit.
    expect(await clearDrawings(database.db, alice, symbol(1), 1)).toEqual({
      version: 2,
      movedAlerts: [],
    });
    expect(await saveDrawings(database.db, alice, 'ETHUSDT', [note], 0)).toEqual({
      version: 1,
      movedAlerts: [],
    });
    await expect(saveDrawings(database.db, alice, symbol(1), [note], 2)).rejects.toBeInstanceOf(
      DrawingsQuotaError,
    );
    // Bob is not affected by Alice's count.
    expect(await saveDrawings(database.db, bob, 'ETHUSDT', [note], 0)).toEqual({
      version: 1,
      movedAlerts: [],
    });
  });

  it(`keeps the ${DRAWINGS_LIMITS.emptiedKept} most recently emptied sets when a new symbol is drawn on`, async () => {
    const kept = DRAWINGS_LIMITS.emptiedKept;
    await database.db.chartDrawings.createMany({
      data: Array.from({ length: kept + 3 }, (_, i) => ({
        userId: alice,
        symbol: `E${String(i).padStart(3, '0')}USDT`,
        drawings: [],
        drawingCount: 0,
        version: 4,
        // E000 is the oldest.
        updatedAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000),
      })),
    });
    await saveDrawings(database.db, bob, 'BTCUSDT', [], 0); // nothing: no row, no pruning
    expect(await database.db.chartDrawings.count({ where: { userId: alice } })).toBe(kept + 3);

    await saveDrawings(database.db, alice, 'BTCUSDT', [note], 0);
    const emptied = await database.db.chartDrawings.findMany({
      where: { userId: alice, drawingCount: 0 },
      select: { symbol: true },
      orderBy: { symbol: 'asc' },
    });
    expect(emptied).toHaveLength(kept);
    expect(emptied[0]?.symbol).toBe('E003USDT');
    // A pruned symbol starts again from version 0; a kept one still has its version.
    expect(await getDrawings(database.db, alice, 'E000USDT')).toMatchObject({ version: 0 });
    expect(await getDrawings(database.db, alice, 'E003USDT')).toMatchObject({ version: 4 });
  });

  it('reads a stored set leniently: a drawing that fails the schema is left out and described', async () => {
    await saveDrawings(database.db, alice, 'BTCUSDT', [trendLine('t-1'), note], 0);
    const broken = [
      trendLine('t-1'),
      { ...level('h-1', 1), kind: 'pitchfork' },
      note,
      { ...level('note-1', 5) },
    ];
    await database.db.chartDrawings.updateMany({
      where: { userId: alice, symbol: 'BTCUSDT' },
      data: { drawings: broken, drawingCount: broken.length },
    });
    expect(await getDrawings(database.db, alice, 'BTCUSDT')).toEqual({
      drawings: [trendLine('t-1'), note],
      version: 1,
      unreadable: ['1: kind: Unknown drawing tool', '3: id "note-1" again'],
    });
    // The chart can save over it as usual.
    expect(await saveDrawings(database.db, alice, 'BTCUSDT', [note], 1)).toEqual({
      version: 2,
      movedAlerts: [],
    });
  });

  it('has a database guard: the set is a list and drawingCount is its length', async () => {
    await saveDrawings(database.db, alice, 'BTCUSDT', [note], 0);
    const where = { userId: alice, symbol: 'BTCUSDT' };
    await expect(
      database.db.chartDrawings.updateMany({ where, data: { drawingCount: 2 } }),
    ).rejects.toThrow(/ChartDrawings_drawingCount_check/);
    await expect(
      database.db.chartDrawings.updateMany({ where, data: { drawings: { 0: note } } }),
    ).rejects.toThrow(/ChartDrawings_drawingCount_check/);
    expect((await getDrawings(database.db, alice, 'BTCUSDT')).drawings).toEqual([note]);
  });

  it('keeps each user’s drawings to that user: Bob can neither read, overwrite, clear nor detect Alice’s', async () => {
    const mine = [trendLine('t-1'), note];
    await saveDrawings(database.db, alice, 'BTCUSDT', mine, 0);
    await saveDrawings(database.db, alice, 'BTCUSDT', [...mine, longPosition], 1);
    await saveDrawings(database.db, alice, 'BTCUSDT', mine, 2);
    const before = await getDrawings(database.db, alice, 'BTCUSDT');
    expect(before.version).toBe(3);

    // Bob sees what he would see on a symbol nobody drew on.
    expect(await getDrawings(database.db, bob, 'BTCUSDT')).toEqual({
      drawings: [],
      version: 0,
      unreadable: [],
    });
    expect(await listDrawingSymbols(database.db, bob)).toEqual([]);
    // Alice's version means nothing for Bob: the conflict names his own (0), not hers.
    for (const attempt of [
      saveDrawings(database.db, bob, 'BTCUSDT', [level('evil', 1)], 3),
      clearDrawings(database.db, bob, 'BTCUSDT', 3),
    ]) {
      await expect(attempt).rejects.toMatchObject({ expectedVersion: 3, currentVersion: 0 });
    }
    expect(await clearDrawings(database.db, bob, 'BTCUSDT', 0)).toEqual({
      version: 0,
      movedAlerts: [],
    });

    // Bob's own set on the same symbol is his alone, and his clear touches only it.
    expect(await saveDrawings(database.db, bob, 'BTCUSDT', [level('evil', 1)], 0)).toEqual({
      version: 1,
      movedAlerts: [],
    });
    expect((await getDrawings(database.db, bob, 'BTCUSDT')).drawings.map((d) => d.id)).toEqual([
      'evil',
    ]);
    expect(await clearDrawings(database.db, bob, 'BTCUSDT', 1)).toEqual({
      version: 2,
      movedAlerts: [],
    });
    expect(await getDrawings(database.db, alice, 'BTCUSDT')).toEqual(before);
    expect(await listDrawingSymbols(database.db, alice)).toEqual([
      expect.objectContaining({ symbol: 'BTCUSDT', count: 2 }),
    ]);
  });

  it('go away with their user’s account, and nobody else’s', async () => {
    await saveDrawings(database.db, alice, 'BTCUSDT', [note], 0);
    await saveDrawings(database.db, alice, 'ETHUSDT', [note], 0);
    await saveDrawings(database.db, bob, 'BTCUSDT', [note], 0);
    expect(await deleteUserAccount(database.db, alice)).toBe(true);
    expect(await database.db.chartDrawings.count({ where: { userId: alice } })).toBe(0);
    expect(await getDrawings(database.db, bob, 'BTCUSDT')).toMatchObject({
      drawings: [note],
      version: 1,
    });
  });
});
