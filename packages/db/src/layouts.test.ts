import { defaultLayoutState, type LayoutState } from '@coinview/core/layout';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createLayout,
  deleteLayout,
  getDefaultLayout,
  getLayout,
  LayoutNameTakenError,
  LayoutVersionConflictError,
  listLayouts,
  openLastLayout,
  openLayout,
  renameLayout,
  saveLayoutState,
  setDefaultLayout,
} from './layouts';
import { createTestDatabase, type TestDatabase } from './testing';

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

const withRsi: LayoutState = {
  ...defaultLayoutState(),
  symbol: 'ETHUSDT',
  interval: '15m',
  indicators: [
    {
      id: 'rsi',
      instanceId: 'rsi-1',
      params: { period: 14 },
      colors: { line: '#7e57c2' },
      visible: true,
      pane: 1,
    },
  ],
  paneHeights: [3, 1],
};

const at = (iso: string) => ({ now: new Date(iso) });

describe('layouts', () => {
  it('creates, reads back the state exactly, lists newest first without state', async () => {
    const first = await createLayout(database.db, alice, { name: 'Swing', state: withRsi });
    expect(first).toMatchObject({ name: 'Swing', isDefault: false, version: 1, state: withRsi });
    expect(first.lastOpenedAt).toEqual(expect.any(Number));
    const second = await createLayout(database.db, alice, {
      name: 'Scalp',
      state: defaultLayoutState(),
    });
    expect(await getLayout(database.db, alice, first.id)).toEqual(first);
    const list = await listLayouts(database.db, alice);
    expect(list.map((l) => l.name)).toEqual(['Scalp', 'Swing']);
    expect(list[0]).not.toHaveProperty('state');
    expect(list[0]?.id).toBe(second.id);
  });

  it('refuses a duplicate name per user, but two users may share a name', async () => {
    await createLayout(database.db, alice, { name: 'Main', state: withRsi });
    const dup = createLayout(database.db, alice, { name: 'Main', state: defaultLayoutState() });
    await expect(dup).rejects.toBeInstanceOf(LayoutNameTakenError);
    await expect(dup).rejects.toThrow('You already have a layout named "Main"');
    await expect(
      createLayout(database.db, bob, { name: 'Main', state: withRsi }),
    ).resolves.toMatchObject({ name: 'Main' });
    expect(await listLayouts(database.db, alice)).toHaveLength(1);
  });

  it('renames, refusing a name already used by another of the user’s layouts', async () => {
    const a = await createLayout(database.db, alice, { name: 'A', state: withRsi });
    await createLayout(database.db, alice, { name: 'B', state: withRsi });
    expect(await renameLayout(database.db, alice, a.id, 'A2')).toMatchObject({
      id: a.id,
      name: 'A2',
      version: 1,
    });
    await expect(renameLayout(database.db, alice, a.id, 'B')).rejects.toBeInstanceOf(
      LayoutNameTakenError,
    );
    expect((await getLayout(database.db, alice, a.id))?.name).toBe('A2');
    expect(await renameLayout(database.db, alice, 'no-such-id', 'X')).toBeNull();
  });

  it('autosaves with optimistic versions and refuses a stale write', async () => {
    const layout = await createLayout(database.db, alice, {
      name: 'Auto',
      state: defaultLayoutState(),
    });
    const saved = await saveLayoutState(database.db, alice, layout.id, {
      state: withRsi,
      expectedVersion: 1,
    });
    expect(saved?.version).toBe(2);
    const stale = saveLayoutState(database.db, alice, layout.id, {
      state: { ...withRsi, theme: 'light' },
      expectedVersion: 1,
    });
    await expect(stale).rejects.toBeInstanceOf(LayoutVersionConflictError);
    await expect(stale).rejects.toMatchObject({ expectedVersion: 1, currentVersion: 2 });
    expect(await getLayout(database.db, alice, layout.id)).toMatchObject({
      version: 2,
      state: withRsi,
    });
    // Without expectedVersion the last write wins.
    const forced = await saveLayoutState(database.db, alice, layout.id, {
      state: defaultLayoutState(),
    });
    expect(forced?.version).toBe(3);
    expect(
      await saveLayoutState(database.db, alice, 'missing', { state: withRsi, expectedVersion: 1 }),
    ).toBeNull();
  });

  it('keeps exactly one default, moving it atomically, and can clear it', async () => {
    const a = await createLayout(database.db, alice, {
      name: 'A',
      state: withRsi,
      isDefault: true,
    });
    const b = await createLayout(database.db, alice, { name: 'B', state: withRsi });
    expect((await getDefaultLayout(database.db, alice))?.id).toBe(a.id);
    expect(await setDefaultLayout(database.db, alice, b.id)).toMatchObject({
      id: b.id,
      isDefault: true,
    });
    expect((await getLayout(database.db, alice, a.id))?.isDefault).toBe(false);
    const c = await createLayout(database.db, alice, {
      name: 'C',
      state: withRsi,
      isDefault: true,
    });
    expect((await listLayouts(database.db, alice)).filter((l) => l.isDefault)).toEqual([
      expect.objectContaining({ id: c.id }),
    ]);
    // An unknown id changes nothing.
    expect(await setDefaultLayout(database.db, alice, 'nope')).toBeNull();
    expect((await getDefaultLayout(database.db, alice))?.id).toBe(c.id);
    expect(await setDefaultLayout(database.db, alice, null)).toBeNull();
    expect(await getDefaultLayout(database.db, alice)).toBeNull();
  });

  it('never ends with two defaults when setDefault races', async () => {
    const ids = await Promise.all(
      ['1', '2', '3', '4', '5'].map(async (n) => {
        const layout = await createLayout(database.db, alice, { name: n, state: withRsi });
        return layout.id;
      }),
    );
    await Promise.all(ids.map((id) => setDefaultLayout(database.db, alice, id)));
    expect((await listLayouts(database.db, alice)).filter((l) => l.isDefault)).toHaveLength(1);
  });

  it('has a database guard against a second default (partial unique index)', async () => {
    const a = await createLayout(database.db, alice, { name: 'A', state: withRsi });
    const b = await createLayout(database.db, alice, { name: 'B', state: withRsi });
    await database.db.chartLayout.updateMany({ where: { id: a.id }, data: { isDefault: true } });
    await expect(
      database.db.chartLayout.updateMany({ where: { id: b.id }, data: { isDefault: true } }),
    ).rejects.toMatchObject({ code: 'P2002' });
    // Many non-default rows are fine, and another user's default is independent.
    const other = await createLayout(database.db, bob, { name: 'A', state: withRsi });
    await setDefaultLayout(database.db, bob, other.id);
    expect((await getDefaultLayout(database.db, bob))?.id).toBe(other.id);
  });

  it('deletes a layout; deleting the default leaves no default', async () => {
    const a = await createLayout(database.db, alice, {
      name: 'A',
      state: withRsi,
      isDefault: true,
    });
    expect(await deleteLayout(database.db, alice, a.id)).toBe(true);
    expect(await deleteLayout(database.db, alice, a.id)).toBe(false);
    expect(await getLayout(database.db, alice, a.id)).toBeNull();
    expect(await getDefaultLayout(database.db, alice)).toBeNull();
  });

  it('opens the last opened layout, else the default, else none', async () => {
    expect(await openLastLayout(database.db, alice)).toBeNull();
    const a = await createLayout(
      database.db,
      alice,
      { name: 'A', state: withRsi },
      at('2026-01-01T10:00:00Z'),
    );
    const b = await createLayout(
      database.db,
      alice,
      { name: 'B', state: defaultLayoutState() },
      at('2026-01-01T11:00:00Z'),
    );
    expect((await openLastLayout(database.db, alice, at('2026-01-01T12:00:00Z')))?.id).toBe(b.id);
    const updatedBefore = (await getLayout(database.db, alice, a.id))?.updatedAt;
    const opened = await openLayout(database.db, alice, a.id, at('2026-01-01T13:00:00Z'));
    expect(opened).toMatchObject({ id: a.id, lastOpenedAt: Date.parse('2026-01-01T13:00:00Z') });
    // Opening is not a change: the list order (updatedAt) stays.
    expect(opened?.updatedAt).toBe(updatedBefore);
    const last = await openLastLayout(database.db, alice, at('2026-01-01T14:00:00Z'));
    expect(last).toMatchObject({ id: a.id, state: withRsi });
    expect(last?.lastOpenedAt).toBe(Date.parse('2026-01-01T14:00:00Z'));

    // Never opened (e.g. rows from before this column was used): the default is the fallback.
    await database.db.chartLayout.updateMany({ data: { lastOpenedAt: null } });
    expect(await openLastLayout(database.db, alice)).toBeNull();
    await setDefaultLayout(database.db, alice, b.id);
    expect((await openLastLayout(database.db, alice))?.id).toBe(b.id);
  });

  it('scopes every operation by user: Bob cannot reach Alice’s layouts by id', async () => {
    const mine = await createLayout(database.db, alice, {
      name: 'Private',
      state: withRsi,
      isDefault: true,
    });
    const before = await getLayout(database.db, alice, mine.id);
    expect(await listLayouts(database.db, bob)).toEqual([]);
    expect(await getLayout(database.db, bob, mine.id)).toBeNull();
    expect(await openLayout(database.db, bob, mine.id)).toBeNull();
    expect(await openLastLayout(database.db, bob)).toBeNull();
    expect(await renameLayout(database.db, bob, mine.id, 'Hacked')).toBeNull();
    expect(
      await saveLayoutState(database.db, bob, mine.id, { state: defaultLayoutState() }),
    ).toBeNull();
    expect(await setDefaultLayout(database.db, bob, mine.id)).toBeNull();
    expect(await deleteLayout(database.db, bob, mine.id)).toBe(false);
    expect(await getLayout(database.db, alice, mine.id)).toEqual(before);
  });

  it('goes away with its user', async () => {
    await createLayout(database.db, alice, { name: 'A', state: withRsi });
    await database.db.user.delete({ where: { id: alice } });
    expect(await database.db.chartLayout.count()).toBe(0);
  });
});
