import type { DrawingInput } from '@coinview/core/drawings';
import type { Db } from '@coinview/db/client';
import { createTestDatabase } from '@coinview/db/testing';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { appRouter } from '../root';
import { callerFor, createTestContext, sessionFor } from '../testing';
import { createCallerFactory, createTRPCRouter } from '../trpc';
import { createAlertRule, getAlertRule } from '@coinview/db/alert-rules';
import { createDrawingsRouter } from './drawings';

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

const style = { color: '#26a69a', width: 2, dash: 'dashed' } as const;
const trendLine = (id: string, from: number, to: number): DrawingInput => ({
  id,
  kind: 'trend-line',
  anchors: [
    { time: from, price: 64_000 },
    { time: to, price: 65_250.75 },
  ],
  style,
  locked: false,
  hidden: false,
});
const level = (id: string, price: number): DrawingInput => ({
  id,
  kind: 'horizontal-line',
  anchors: [{ time: 1_720_000_000, price }],
  style,
  locked: false,
  hidden: false,
});
const box: DrawingInput = {
  id: 'box-1',
  kind: 'rectangle',
  anchors: [
    { time: 1_720_000_000, price: 63_000 },
    { time: 1_720_086_400, price: 61_500 },
  ],
  style: { ...style, label: 'range' },
  locked: true,
  hidden: false,
};
const line = trendLine('t-1', 1_720_000_000, 1_720_014_400);
const flat = level('h-1', 60_000);
const chart = [line, flat, box];

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
    path: 'drawings',
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

describe('drawings router', () => {
  it('saves a symbol’s drawings and brings them back after a reload', async () => {
    const api = callerFor(db, alice);
    expect(await api.drawings.get({ symbol: 'BTCUSDT' })).toEqual({
      drawings: [],
      version: 0,
      unreadable: 0,
    });
    expect(
      await api.drawings.save({ symbol: 'BTCUSDT', drawings: chart, expectedVersion: 0 }),
    ).toEqual({ version: 1, movedAlerts: 0 });
    // "Reload": a fresh caller reads the same set, whatever interval or layout asks for it.
    const reloaded = await callerFor(db, alice).drawings.get({ symbol: 'BTCUSDT' });
    expect(reloaded).toEqual({ drawings: chart, version: 1, unreadable: 0 });
    expect(await api.drawings.symbols()).toEqual([
      { symbol: 'BTCUSDT', count: 3, updatedAt: expect.any(Number) as number },
    ]);

    expect(
      await api.drawings.save({ symbol: 'BTCUSDT', drawings: chart.slice(1), expectedVersion: 1 }),
    ).toEqual({ version: 2, movedAlerts: 0 });
    expect(await api.drawings.clear({ symbol: 'BTCUSDT', expectedVersion: 2 })).toEqual({
      version: 3,
    });
    expect(await api.drawings.get({ symbol: 'BTCUSDT' })).toEqual({
      drawings: [],
      version: 3,
      unreadable: 0,
    });
    expect(await api.drawings.symbols()).toEqual([]);
  });

  it('refuses a stale version with CONFLICT naming the current one, and keeps the saved set', async () => {
    const api = callerFor(db, alice);
    await api.drawings.save({ symbol: 'ETHUSDT', drawings: chart, expectedVersion: 0 });
    await api.drawings.save({ symbol: 'ETHUSDT', drawings: [box], expectedVersion: 1 });
    for (const attempt of [
      api.drawings.save({ symbol: 'ETHUSDT', drawings: chart, expectedVersion: 1 }),
      api.drawings.clear({ symbol: 'ETHUSDT', expectedVersion: 1 }),
    ]) {
      const stale = await failure(attempt);
      expect(stale).toEqual({
        code: 'CONFLICT',
        message:
          'Your drawings on ETHUSDT were changed elsewhere (version 2, this copy is version 1). Reload the drawings before saving again.',
        zodError: null,
      });
    }
    expect(await api.drawings.get({ symbol: 'ETHUSDT' })).toMatchObject({
      drawings: [box],
      version: 2,
    });
  });

  it('lets one of two tabs’ first saves through; the other gets CONFLICT', async () => {
    const [first, second] = await Promise.allSettled([
      callerFor(db, alice).drawings.save({
        symbol: 'BTCUSDT',
        drawings: [level('tab-1', 1)],
        expectedVersion: 0,
      }),
      callerFor(db, alice).drawings.save({
        symbol: 'BTCUSDT',
        drawings: [level('tab-2', 2)],
        expectedVersion: 0,
      }),
    ]);
    const outcomes = [first, second].map((r) =>
      r?.status === 'fulfilled' ? 'saved' : (r?.reason as TRPCError).code,
    );
    expect(outcomes.sort()).toEqual(['CONFLICT', 'saved']);
    const stored = await callerFor(db, alice).drawings.get({ symbol: 'BTCUSDT' });
    expect(stored.version).toBe(1);
    expect(stored.drawings.map((d) => d.id)).toEqual([
      first?.status === 'fulfilled' ? 'tab-1' : 'tab-2',
    ]);
  });

  it('refuses malformed input with BAD_REQUEST and a message on the field, writing nothing', async () => {
    const api = callerFor(db, alice);
    await api.drawings.save({ symbol: 'BTCUSDT', drawings: [box], expectedVersion: 0 });
    const save = (input: Record<string, unknown>) =>
      failure(
        api.drawings.save({
          symbol: 'BTCUSDT',
          drawings: chart,
          expectedVersion: 1,
          ...input,
        }),
      );
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ symbol: 'btc-usdt' }, 'symbol', 'a Binance symbol such as BTCUSDT'],
      [
        { drawings: Array.from({ length: 501 }, (_, i) => level(`l-${i}`, i + 1)) },
        'drawings',
        'At most 500 drawings on one symbol: delete some to draw more',
      ],
      [
        { drawings: [box, level('h-1', 1), level('h-1', 2)] },
        'drawings',
        'Two drawings have the id "h-1": each drawing needs its own id',
      ],
      [
        { drawings: [trendLine('t-1', 1_720_000_000, 1_720_000_000)] },
        'drawings',
        'Drawing 1: anchors.1.time: A trend line needs two points at different times',
      ],
      [
        { drawings: [box, { ...level('h-2', 1), style: { ...style, width: 9 } }] },
        'drawings',
        'Drawing 2: style.width: A line width is 1 to 4 pixels',
      ],
      [{ drawings: { 0: box } }, 'drawings', 'Drawings are sent as a list'],
      [{ expectedVersion: -1 }, 'expectedVersion', 'Too small: expected number to be >=0'],
    ];
    for (const [input, field, message] of cases) {
      const error = await save(input);
      expect({ input: Object.keys(input), code: error.code }).toEqual({
        input: Object.keys(input),
        code: 'BAD_REQUEST',
      });
      expect(error.zodError?.fieldErrors[field]).toEqual([message]);
    }
    // The core's own words reach the client's message too, not only the field.
    expect(
      (await save({ drawings: [trendLine('t-1', 1_720_000_000, 1_720_000_000)] })).message,
    ).toContain('A trend line needs two points at different times');
    expect((await failure(api.drawings.get({ symbol: '' }))).code).toBe('BAD_REQUEST');
    expect(
      (await failure(api.drawings.clear({ symbol: 'BTCUSDT', expectedVersion: 1.5 }))).code,
    ).toBe('BAD_REQUEST');
    expect(await api.drawings.get({ symbol: 'BTCUSDT' })).toEqual({
      drawings: [box],
      version: 1,
      unreadable: 0,
    });
  });

  it('refuses drawings on a 201st symbol with FORBIDDEN, saving nothing', async () => {
    await db.chartDrawings.createMany({
      data: Array.from({ length: 200 }, (_, i) => ({
        userId: alice.id,
        symbol: `S${String(i).padStart(3, '0')}USDT`,
        drawings: [level('h-1', 1)],
        drawingCount: 1,
      })),
    });
    const api = callerFor(db, alice);
    const error = await failure(
      api.drawings.save({ symbol: 'BTCUSDT', drawings: [box], expectedVersion: 0 }),
    );
    expect(error).toMatchObject({
      code: 'FORBIDDEN',
      message:
        'You have drawings on 200 symbols, the most one account can have. Clear the drawings of one to draw on another.',
    });
    expect(await api.drawings.get({ symbol: 'BTCUSDT' })).toMatchObject({ version: 0 });
    expect(await api.drawings.symbols()).toHaveLength(200);
  });

  it('refuses signed-out callers on every procedure', async () => {
    const api = callerFor(db, null);
    for (const attempt of [
      api.drawings.get({ symbol: 'BTCUSDT' }),
      api.drawings.save({ symbol: 'BTCUSDT', drawings: [], expectedVersion: 0 }),
      api.drawings.clear({ symbol: 'BTCUSDT', expectedVersion: 0 }),
      api.drawings.symbols(),
    ]) {
      expect(await failure(attempt)).toMatchObject({
        code: 'UNAUTHORIZED',
        message: 'Sign in to continue.',
      });
    }
    expect(await db.chartDrawings.count()).toBe(0);
  });

  it('leaves out, and logs, stored drawings that fail the schema instead of failing the chart', async () => {
    const warnings: Array<{ fields: unknown; message: string }> = [];
    const createCaller = createCallerFactory(
      createTRPCRouter({
        drawings: createDrawingsRouter({
          logger: {
            warn: ((fields: unknown, message: string) => {
              warnings.push({ fields, message });
            }) as never,
            error: () => undefined,
          },
        }),
      }),
    );
    const api = createCaller(createTestContext({ db, session: sessionFor(alice) }));
    await api.drawings.save({ symbol: 'BTCUSDT', drawings: chart, expectedVersion: 0 });
    const stored = [line, { ...box, anchors: [] }, flat];
    await db.chartDrawings.updateMany({
      where: { userId: alice.id },
      data: { drawings: stored, drawingCount: 3 },
    });
    expect(await api.drawings.get({ symbol: 'BTCUSDT' })).toEqual({
      drawings: [line, flat],
      version: 1,
      unreadable: 1,
    });
    expect(warnings).toEqual([
      {
        fields: {
          userId: alice.id,
          symbol: 'BTCUSDT',
          problems: ['1: anchors: A rectangle needs two points'],
        },
        message: 'stored drawings left out: they fail the drawing schema',
      },
    ]);
  });
});

describe('a second user', () => {
  it('can neither read, overwrite, clear nor detect the first user’s drawings', async () => {
    const asAlice = callerFor(db, alice);
    await asAlice.drawings.save({ symbol: 'BTCUSDT', drawings: chart, expectedVersion: 0 });
    await asAlice.drawings.save({ symbol: 'BTCUSDT', drawings: chart, expectedVersion: 1 });
    const before = await asAlice.drawings.get({ symbol: 'BTCUSDT' });

    const asBob = callerFor(db, bob);
    // What Bob sees is what he sees on a symbol nobody drew on.
    expect(await asBob.drawings.get({ symbol: 'BTCUSDT' })).toEqual(
      await asBob.drawings.get({ symbol: 'XRPUSDT' }),
    );
    expect(await asBob.drawings.get({ symbol: 'BTCUSDT' })).toEqual({
      drawings: [],
      version: 0,
      unreadable: 0,
    });
    expect(await asBob.drawings.symbols()).toEqual([]);
    // Guessing Alice's version gets Bob a conflict about his own version 0, as on any symbol.
    for (const attempt of [
      asBob.drawings.save({ symbol: 'BTCUSDT', drawings: [box], expectedVersion: 2 }),
      asBob.drawings.clear({ symbol: 'BTCUSDT', expectedVersion: 2 }),
    ]) {
      const error = await failure(attempt);
      expect(error.code).toBe('CONFLICT');
      expect(error.message).toContain('(version 0, this copy is version 2)');
    }
    // Extra fields naming Alice are stripped: Bob's save writes Bob's own set.
    const hostile = {
      symbol: 'BTCUSDT',
      drawings: [level('bob-1', 1)],
      expectedVersion: 0,
      userId: alice.id,
    } as Parameters<typeof asBob.drawings.save>[0];
    expect(await asBob.drawings.save(hostile)).toEqual({ version: 1, movedAlerts: 0 });
    expect(await asBob.drawings.clear({ symbol: 'BTCUSDT', expectedVersion: 1 })).toEqual({
      version: 2,
    });

    expect(await asAlice.drawings.get({ symbol: 'BTCUSDT' })).toEqual(before);
    expect(await asAlice.drawings.symbols()).toEqual([
      expect.objectContaining({ symbol: 'BTCUSDT', count: 3 }),
    ]);
  });

  it('is scoped by the session, even with a context built by hand', async () => {
    await callerFor(db, alice).drawings.save({
      symbol: 'BTCUSDT',
      drawings: chart,
      expectedVersion: 0,
    });
    const asBob = appRouter.createCaller(createTestContext({ db, session: sessionFor(bob) }));
    expect((await asBob.drawings.get({ symbol: 'BTCUSDT' })).drawings).toEqual([]);
  });
});

describe('alerts made from a drawing follow it', () => {
  const rule = (drawingId: string, line: DrawingInput) => ({
    name: 'my line',
    definition: {
      symbol: 'BTCUSDT',
      interval: '1h',
      condition: {
        op: 'crosses',
        left: { kind: 'price', field: 'close' },
        right: { kind: 'line', line: { kind: line.kind, anchors: line.anchors }, drawingId },
      },
    },
    message: '',
    notifyEmail: false,
    notifyInApp: true,
    notifyWebhook: false,
  });

  it("moves the user's own alert with the drawing, tells the worker, and leaves others' alone", async () => {
    const published: unknown[] = [];
    const router = createTRPCRouter({
      drawings: createDrawingsRouter({
        logger: { warn: () => undefined, error: () => undefined },
        getBus: () =>
          Promise.resolve({
            publish: (topic: string, payload: unknown) => {
              published.push({ topic, payload });
              return Promise.resolve();
            },
          }),
      }),
    });
    const as = (u: { id: string; email: string }) =>
      createCallerFactory(router)(createTestContext({ db, session: sessionFor(u) })).drawings;
    const drawn = trendLine('line-1', 1_720_000_000, 1_720_086_400);
    await as(alice).save({ symbol: 'BTCUSDT', drawings: [drawn], expectedVersion: 0 });
    const mine = await createAlertRule(db, alice.id, rule('line-1', drawn));
    // Bob has an alert naming a drawing with the same id on the same symbol: not Alice's.
    const his = await createAlertRule(db, bob.id, rule('line-1', drawn));

    // Alice drags the line's second point up.
    const moved: DrawingInput = {
      id: 'line-1',
      kind: 'trend-line',
      anchors: [drawn.anchors[0], { time: 1_720_090_000, price: 66_000 }],
      style,
      locked: false,
      hidden: false,
    };
    const saved = await as(alice).save({
      symbol: 'BTCUSDT',
      drawings: [moved],
      expectedVersion: 1,
    });
    expect(saved).toEqual({ version: 2, movedAlerts: 1 });
    const after = (await getAlertRule(db, alice.id, mine.id))!;
    expect(after.definition.condition).toMatchObject({
      right: { kind: 'line', drawingId: 'line-1', line: { anchors: moved.anchors } },
    });
    expect(after.version).toBe(mine.version + 1);
    expect(after.status).toBe(mine.status);
    expect(published).toEqual([
      { topic: 'alert-rules', payload: { ruleId: mine.id, userId: alice.id } },
    ]);
    const bobs = (await getAlertRule(db, bob.id, his.id))!;
    expect(bobs.definition).toEqual(his.definition);
    expect(bobs.version).toBe(his.version);

    // Saving without moving it, or after deleting it, changes no alert.
    expect(
      await as(alice).save({ symbol: 'BTCUSDT', drawings: [moved], expectedVersion: 2 }),
    ).toEqual({ version: 3, movedAlerts: 0 });
    expect(await as(alice).save({ symbol: 'BTCUSDT', drawings: [], expectedVersion: 3 })).toEqual({
      version: 4,
      movedAlerts: 0,
    });
    expect((await getAlertRule(db, alice.id, mine.id))!.version).toBe(after.version);
  });
});
