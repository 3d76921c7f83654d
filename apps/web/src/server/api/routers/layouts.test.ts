import { defaultLayoutState, type LayoutState } from '@coinview/core/layout';
import type { Db } from '@coinview/db/client';
import { createTestDatabase } from '@coinview/db/testing';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { appRouter } from '../root';
import { callerFor, createTestContext, sessionFor } from '../testing';

let db: Db;
let cleanup: () => Promise<void>;
let alice: { id: string; email: string };
let bob: { id: string; email: string };

beforeAll(async () => {
  ({ db, cleanup } = await createTestDatabase());
});
afterAll(async () => {
  await cleanup();
});
beforeEach(async () => {
  await db.user.deleteMany();
  alice = await db.user.create({
    data: { email: 'alice@example.com' },
    select: { id: true, email: true },
  });
  bob = await db.user.create({
    data: { email: 'bob@example.com' },
    select: { id: true, email: true },
  });
});

const chart: LayoutState = {
  ...defaultLayoutState(),
  symbol: 'BTCUSDT',
  interval: '5m',
  theme: 'light',
  priceScale: 'log',
  indicators: [
    {
      id: 'rsi',
      instanceId: 'rsi-1',
      params: { period: 21 },
      colors: { line: '#7e57c2' },
      visible: true,
      pane: 1,
    },
    {
      id: 'bb',
      instanceId: 'bb-1',
      params: { period: 20, stdDev: 2 },
      colors: { upper: '#2962ff80' },
      visible: true,
      pane: 0,
    },
  ],
  paneHeights: [3, 1],
};

/** The error a call rejects with, in the shape the client receives (code, zodError…). */
async function failure(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  const trpcError = error as TRPCError;
  const shape = appRouter._def._config.errorFormatter({
    error: trpcError,
    type: 'mutation',
    path: 'layouts',
    input: undefined,
    ctx: undefined,
    shape: {
      message: trpcError.message,
      code: -32600, // the JSON-RPC number; the formatter only reads data and error
      data: { code: trpcError.code, httpStatus: 400 },
    },
  }) as { data: { zodError: { fieldErrors: Record<string, string[]> } | null } };
  return { code: trpcError.code, message: trpcError.message, zodError: shape.data.zodError };
}

describe('layouts router', () => {
  it('saves a chart as a layout and brings the same chart back after a reload', async () => {
    const api = callerFor(db, alice);
    const created = await api.layouts.create({ name: '  RSI + BB  ', state: chart });
    expect(created).toMatchObject({ name: 'RSI + BB', version: 1, isDefault: false, state: chart });
    // "Reload": a fresh caller asks for the last layout.
    const restored = await callerFor(db, alice).layouts.openLast();
    expect(restored).toMatchObject({ id: created.id, state: chart });
    expect(await api.layouts.get({ id: created.id })).toMatchObject({ state: chart });
    expect(await api.layouts.list()).toEqual([
      expect.objectContaining({ id: created.id, name: 'RSI + BB' }),
    ]);
  });

  it('openLast gives null for a user without layouts', async () => {
    expect(await callerFor(db, alice).layouts.openLast()).toBeNull();
  });

  it('autosaves, returning the new version, and refuses a stale version with CONFLICT', async () => {
    const api = callerFor(db, alice);
    const { id } = await api.layouts.create({ name: 'Auto', state: defaultLayoutState() });
    expect(await api.layouts.save({ id, state: chart, expectedVersion: 1 })).toMatchObject({
      id,
      version: 2,
    });
    const stale = await failure(
      api.layouts.save({ id, state: defaultLayoutState(), expectedVersion: 1 }),
    );
    expect(stale.code).toBe('CONFLICT');
    expect(stale.message).toMatch(/changed elsewhere \(version 2, this copy is version 1\)/);
    expect(stale.message).toMatch(/Reload/);
    expect((await api.layouts.get({ id })).state).toEqual(chart);
  });

  it('refuses a duplicate name with CONFLICT and a field error on name', async () => {
    const api = callerFor(db, alice);
    await api.layouts.create({ name: 'Main', state: chart });
    const other = await api.layouts.create({ name: 'Other', state: chart });
    for (const attempt of [
      api.layouts.create({ name: 'Main', state: defaultLayoutState() }),
      api.layouts.rename({ id: other.id, name: ' Main ' }),
    ]) {
      const error = await failure(attempt);
      expect(error.code).toBe('CONFLICT');
      expect(error.zodError?.fieldErrors.name).toEqual(['You already have a layout named "Main"']);
    }
    expect((await api.layouts.list()).map((l) => l.name).sort()).toEqual(['Main', 'Other']);
  });

  it('refuses an invalid state, naming the path of the bad field, and stores nothing', async () => {
    const api = callerFor(db, alice);
    const bad = {
      ...chart,
      indicators: [chart.indicators[0], { ...chart.indicators[1], colors: { upper: 'blue' } }],
    } as LayoutState;
    const error = await failure(api.layouts.create({ name: 'Bad', state: bad }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toContain('indicators.1.colors.upper: a colour as #rrggbb');
    expect(error.zodError?.fieldErrors.state).toEqual([
      'indicators.1.colors.upper: a colour as #rrggbb or #rrggbbaa',
    ]);
    expect(await api.layouts.list()).toEqual([]);

    const { id } = await api.layouts.create({ name: 'Good', state: chart });
    const unknownKey = await failure(
      api.layouts.save({
        id,
        state: { ...chart, drawings: [] } as LayoutState,
        expectedVersion: 1,
      }),
    );
    expect(unknownKey.code).toBe('BAD_REQUEST');
    expect(unknownKey.message).toMatch(/drawings/);
    expect(await api.layouts.get({ id })).toMatchObject({ version: 1, state: chart });
  });

  it('renames, deletes, and moves the default', async () => {
    const api = callerFor(db, alice);
    const a = await api.layouts.create({ name: 'A', state: chart, isDefault: true });
    const b = await api.layouts.create({ name: 'B', state: chart });
    expect(await api.layouts.rename({ id: a.id, name: 'A!' })).toMatchObject({ name: 'A!' });
    expect(await api.layouts.setDefault({ id: b.id })).toEqual({ defaultId: b.id });
    const defaults = (await api.layouts.list()).filter((l) => l.isDefault).map((l) => l.id);
    expect(defaults).toEqual([b.id]);
    expect(await api.layouts.setDefault({ id: null })).toEqual({ defaultId: null });
    expect((await api.layouts.list()).some((l) => l.isDefault)).toBe(false);
    expect(await api.layouts.remove({ id: a.id })).toEqual({ id: a.id });
    expect((await failure(api.layouts.get({ id: a.id }))).code).toBe('NOT_FOUND');
    expect((await failure(api.layouts.remove({ id: a.id }))).code).toBe('NOT_FOUND');
  });

  it('open switches layouts and openLast follows it', async () => {
    const api = callerFor(db, alice);
    const a = await api.layouts.create({ name: 'A', state: chart });
    await new Promise((r) => setTimeout(r, 5));
    await api.layouts.create({ name: 'B', state: defaultLayoutState() });
    await new Promise((r) => setTimeout(r, 5));
    expect(await api.layouts.open({ id: a.id })).toMatchObject({ id: a.id, state: chart });
    expect((await api.layouts.openLast())?.id).toBe(a.id);
  });

  it('refuses signed-out callers', async () => {
    const error = await failure(callerFor(db, null).layouts.list());
    expect(error.code).toBe('UNAUTHORIZED');
  });
});

describe('a second user', () => {
  it('sees none of the first user’s layouts and cannot touch them by id', async () => {
    const asAlice = callerFor(db, alice);
    const mine = await asAlice.layouts.create({ name: 'Secret', state: chart, isDefault: true });
    const before = await asAlice.layouts.get({ id: mine.id });

    const asBob = callerFor(db, bob);
    expect(await asBob.layouts.list()).toEqual([]);
    expect(await asBob.layouts.openLast()).toBeNull();
    const attempts = {
      get: () => asBob.layouts.get({ id: mine.id }),
      open: () => asBob.layouts.open({ id: mine.id }),
      rename: () => asBob.layouts.rename({ id: mine.id, name: 'Owned' }),
      save: () =>
        asBob.layouts.save({ id: mine.id, state: defaultLayoutState(), expectedVersion: 1 }),
      remove: () => asBob.layouts.remove({ id: mine.id }),
      setDefault: () => asBob.layouts.setDefault({ id: mine.id }),
    };
    for (const [name, attempt] of Object.entries(attempts)) {
      const error = await failure(attempt());
      expect({ name, code: error.code, message: error.message }).toEqual({
        name,
        code: 'NOT_FOUND',
        message: 'No such layout.',
      });
    }
    // Extra fields naming Alice are stripped: Bob's own create stays Bob's.
    const hostile = { name: 'Mine', state: chart, userId: alice.id } as Parameters<
      typeof asBob.layouts.create
    >[0];
    const bobs = await asBob.layouts.create(hostile);
    expect((await asBob.layouts.list()).map((l) => l.id)).toEqual([bobs.id]);

    const after = await asAlice.layouts.get({ id: mine.id });
    expect(after).toEqual(before);
    expect(await asAlice.layouts.list()).toEqual([expect.objectContaining({ id: mine.id })]);
  });

  it('is scoped by the session, even with a context built by hand', async () => {
    const mine = await callerFor(db, alice).layouts.create({ name: 'X', state: chart });
    const asBob = appRouter.createCaller(createTestContext({ db, session: sessionFor(bob) }));
    expect((await failure(asBob.layouts.get({ id: mine.id }))).code).toBe('NOT_FOUND');
  });
});
