// backtests.* through createCaller on a real Postgres and LISTEN/NOTIFY bus: a create becomes one
// queued run with its job, refused with the trader's sentence when the range, the strategy or a
// limit is wrong; list/get read the user's runs only; candles page through the run's market inside
// its range; cancel and delete stop the run and its waiting job; `live` forwards the signed-in
// user's run events only. Another user's run answers NOT_FOUND through every procedure and is
// left exactly as it was.
import { upsertCandles } from '@coinview/db/candles';
import { backtestTopic } from '@coinview/db/bus-topics';
import type { PgBus } from '@coinview/db/bus';
import type { TestDatabase } from '@coinview/db/testing';
import type { Candle } from '@coinview/core/candle';
import { TRPCError } from '@trpc/server';
import { beforeEach, describe, expect, it } from 'vitest';
import { callersAs, nextWithin, signedInTestSetup, type TestUser } from '../testing';
import { createCallerFactory, createTRPCRouter } from '../trpc';
import { createBacktestsRouter } from './backtests';

let database: TestDatabase;
let publisher: PgBus;
let listener: PgBus;
let alice: TestUser;
let bob: TestUser;

const router = createTRPCRouter({
  backtests: createBacktestsRouter({ getBus: async () => listener }),
});
const as = callersAs(createCallerFactory(router), () => database.db);

signedInTestSetup((setup) => {
  ({ database, publisher, listener, alice, bob } = setup);
});
// Jobs outlive the users the setup deletes: each test starts with an empty queue.
beforeEach(async () => {
  await database.db.$executeRawUnsafe('delete from graphile_worker._private_jobs');
});

const HOUR = 3_600_000;
const FROM = Date.UTC(2025, 0, 1);
const strategy = (over: Record<string, unknown> = {}) => ({
  symbol: 'BTCUSDT',
  interval: '1h',
  entry: {
    op: 'less-than',
    left: { kind: 'indicator', id: 'rsi', params: { period: 14 } },
    right: { kind: 'value', value: 30 },
  },
  exit: {
    op: 'greater-than',
    left: { kind: 'indicator', id: 'rsi', params: { period: 14 } },
    right: { kind: 'value', value: 70 },
  },
  ...over,
});
const input = (over: Record<string, unknown> = {}) => ({
  strategy: strategy(),
  from: FROM,
  to: FROM + 10 * HOUR,
  ...over,
});

async function rejection(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

async function jobs(task: string): Promise<{ key: string; payload: unknown }[]> {
  return database.db.$queryRawUnsafe(
    `select j.key, j.payload from graphile_worker._private_jobs j
       join graphile_worker._private_tasks t on t.id = j.task_id
      where t.identifier = $1 order by j.id`,
    task,
  );
}

describe('backtests.create', () => {
  it('records a queued run named after its market and range, with one run-backtest job', async () => {
    const { id } = await as(alice).backtests.create(input());
    const [run] = await as(alice).backtests.list({});
    expect(run).toMatchObject({
      id,
      name: 'BTCUSDT 1h · 2025-01-01 → 2025-01-01',
      kind: 'single',
      symbol: 'BTCUSDT',
      interval: '1h',
      from: FROM,
      to: FROM + 10 * HOUR,
      status: 'queued',
      progress: 0,
      stage: null,
      error: null,
      finishedAt: null,
      summary: null,
    });
    expect(await jobs('run-backtest')).toEqual([{ key: `backtest:${id}`, payload: { runId: id } }]);
    const got = await as(alice).backtests.get({ id });
    // Stored as parsed: the schema's defaults are filled in.
    expect(got.strategy).toMatchObject({ commissionPct: 0.1, fill: 'nextOpen' });
    expect(got).toMatchObject({ result: null, sweepResult: null, sweep: null });
  });

  it('refuses a backwards range, a strategy with a mistake and a range too long', async () => {
    const backwards = await rejection(as(alice).backtests.create(input({ to: FROM })));
    expect(backwards).toMatchObject({
      code: 'BAD_REQUEST',
      message: 'The start must be before the end.',
    });
    const bad = await rejection(
      as(alice).backtests.create(input({ strategy: strategy({ commissionPct: -1 }) })),
    );
    expect(bad.code).toBe('BAD_REQUEST');
    expect(bad.message).toBe('commissionPct: Commission cannot be negative');
    // 600,001 1m bars: [from, from + 600,000 min].
    const long = await rejection(
      as(alice).backtests.create(
        input({ strategy: strategy({ interval: '1m' }), to: FROM + 600_000 * 60_000 }),
      ),
    );
    expect(long.message).toBe(
      'That range holds 600,001 1m bars; a backtest covers at most 600,000. Shorten the range or pick a longer interval.',
    );
    // Exactly 600,000 bars is allowed.
    await as(alice).backtests.create(
      input({ strategy: strategy({ interval: '1m' }), to: FROM + 599_999 * 60_000 }),
    );
    const empty = await rejection(as(alice).backtests.create(input({ name: '  ' })));
    expect(empty.code).toBe('BAD_REQUEST');
    expect(await database.db.backtestRun.count()).toBe(1);
  });

  it('refuses a 3rd unfinished run (TOO_MANY_REQUESTS) but not once one finished', async () => {
    await as(alice).backtests.create(input());
    const second = await as(alice).backtests.create(input());
    // Bob's runs do not count against Alice.
    await as(bob).backtests.create(input());
    await as(bob).backtests.create(input());
    const third = await rejection(as(alice).backtests.create(input()));
    expect(third).toMatchObject({
      code: 'TOO_MANY_REQUESTS',
      message:
        'You already have 2 backtests waiting or running. Wait for one to finish or cancel it to start another.',
    });
    await as(alice).backtests.cancel({ id: second.id });
    await as(alice).backtests.create(input());
  });

  it('refuses a 201st saved run', async () => {
    await database.db.backtestRun.createMany({
      data: Array.from({ length: 200 }, (_, i) => ({
        userId: alice.id,
        name: `r${i}`,
        kind: 'single' as const,
        symbol: 'BTCUSDT',
        interval: '1h',
        from: new Date(FROM),
        to: new Date(FROM + HOUR),
        strategy: strategy(),
        status: 'done' as const,
      })),
    });
    const err = await rejection(as(alice).backtests.create(input()));
    expect(err).toMatchObject({
      code: 'BAD_REQUEST',
      message:
        'You have 200 saved backtests, the most one account can keep. Delete one to run another.',
    });
    expect(await as(alice).backtests.list({})).toHaveLength(200);
    await as(bob).backtests.create(input());
  });
});

describe('backtests.createSweep', () => {
  const sweep = (over: Record<string, unknown> = {}) => ({
    parameters: [
      { path: 'entry.left.params.period', from: 7, to: 21, step: 7 },
      { path: 'entry.right.value', values: [20, 25, 30] },
    ],
    metric: 'sharpe',
    ...over,
  });

  it('records a queued sweep with its walk-forward and one run-sweep job', async () => {
    const { id } = await as(alice).backtests.createSweep({
      ...input(),
      sweep: sweep(),
      walkForward: { windows: 3, inSamplePct: 70 },
    });
    const run = await as(alice).backtests.get({ id });
    expect(run).toMatchObject({
      kind: 'sweep',
      status: 'queued',
      sweep: {
        metric: 'sharpe',
        parameters: [{ from: 7, to: 21, step: 7 }, { values: [20, 25, 30] }],
      },
      walkForward: { windows: 3, inSamplePct: 70 },
      result: null,
      sweepResult: null,
    });
    expect(await jobs('run-sweep')).toEqual([{ key: `backtest:${id}`, payload: { runId: id } }]);
    const plain = await as(alice).backtests.createSweep({ ...input(), sweep: sweep() });
    expect((await as(alice).backtests.get(plain)).walkForward).toBeNull();
  });

  it('refuses a path that names nothing, too many combinations and a bad walk-forward', async () => {
    const path = await rejection(
      as(alice).backtests.createSweep({
        ...input(),
        sweep: sweep({ parameters: [{ path: 'entry.nope', values: [1] }] }),
      }),
    );
    expect(path.code).toBe('BAD_REQUEST');
    expect(path.message).toMatch(/^Sweep: .*entry\.nope/);
    const big = await rejection(
      as(alice).backtests.createSweep({
        ...input(),
        sweep: sweep({
          parameters: [
            { path: 'entry.right.value', from: 1, to: 200, step: 1 },
            { path: 'exit.right.value', from: 1, to: 100, step: 1 },
          ],
        }),
      }),
    );
    expect(big.code).toBe('BAD_REQUEST');
    expect(big.message).toMatch(/10,000|10000/);
    const wf = await rejection(
      as(alice).backtests.createSweep({
        ...input(),
        sweep: sweep(),
        walkForward: { windows: 30, inSamplePct: 70 },
      }),
    );
    expect(wf.message).toBe('Walk-forward: windows: At most 20 windows');
    expect(await database.db.backtestRun.count()).toBe(0);
  });
});

describe('backtests.list', () => {
  it('lists the user’s runs newest first with their summary', async () => {
    const a = await as(alice).backtests.create(input({ name: 'first' }));
    await database.db.backtestRun.update({
      where: { id: a.id },
      data: {
        status: 'done',
        progress: 1,
        finishedAt: new Date(FROM + 20 * HOUR),
        summary: {
          netReturn: 0.1,
          maxDrawdown: 0.05,
          trades: 3,
          winRate: 2 / 3,
          finalEquity: 11_000,
        },
      },
    });
    const b = await as(alice).backtests.create(input({ name: 'second' }));
    await as(bob).backtests.create(input({ name: 'bob' }));
    const list = await as(alice).backtests.list({});
    expect(list.map((r) => r.id)).toEqual([b.id, a.id]);
    expect(list[1]).toMatchObject({
      status: 'done',
      progress: 1,
      finishedAt: FROM + 20 * HOUR,
      summary: {
        netReturn: 0.1,
        maxDrawdown: 0.05,
        trades: 3,
        winRate: 2 / 3,
        finalEquity: 11_000,
      },
    });
  });
});

describe('backtests.candles', () => {
  const candle = (i: number): Candle => ({
    symbol: 'BTCUSDT',
    interval: '1h',
    openTime: FROM + i * HOUR,
    closeTime: FROM + (i + 1) * HOUR - 1,
    open: String(100 + i),
    high: String(101 + i),
    low: String(99 + i),
    close: String(100.5 + i),
    volume: '1',
    quoteVolume: '100',
    trades: 1,
    takerBuyBaseVolume: '0',
    takerBuyQuoteVolume: '0',
    closed: true,
  });

  it('pages through the run’s bars inside [from, to], oldest first', async () => {
    // Bars 0…14 stored; the run covers bars 2…10 (from = bar 2's open, to = bar 10's open).
    await upsertCandles(
      database.db,
      Array.from({ length: 15 }, (_, i) => candle(i)),
    );
    const { id } = await as(alice).backtests.create(
      input({ from: FROM + 2 * HOUR, to: FROM + 10 * HOUR }),
    );
    const all = await as(alice).backtests.candles({ id });
    expect(all.map((b) => b.time * 1000)).toEqual(
      Array.from({ length: 9 }, (_, i) => FROM + (i + 2) * HOUR),
    );
    expect(all[0]).toEqual({
      time: (FROM + 2 * HOUR) / 1000,
      open: 102,
      high: 103,
      low: 101,
      close: 102.5,
      volume: 1,
    });
    // The newest 3 before bar 6: bars 3, 4, 5; then the 3 before bar 3: bar 2 only.
    const page = await as(alice).backtests.candles({ id, before: FROM + 6 * HOUR, limit: 3 });
    expect(page.map((b) => b.open)).toEqual([103, 104, 105]);
    const last = await as(alice).backtests.candles({ id, before: FROM + 3 * HOUR, limit: 3 });
    expect(last.map((b) => b.open)).toEqual([102]);
    const tooMany = await rejection(as(alice).backtests.candles({ id, limit: 1001 }));
    expect(tooMany.code).toBe('BAD_REQUEST');
  });
});

describe('backtests.cancel and delete', () => {
  it('cancels a queued run (its job is removed) and leaves a finished one as it is', async () => {
    const { id } = await as(alice).backtests.create(input());
    expect(await as(alice).backtests.cancel({ id })).toEqual({ status: 'cancelled' });
    expect(await jobs('run-backtest')).toEqual([]);
    const run = await as(alice).backtests.get({ id });
    expect(run.status).toBe('cancelled');
    expect(run.finishedAt).not.toBeNull();
    const done = await as(alice).backtests.create(input());
    await database.db.backtestRun.update({ where: { id: done.id }, data: { status: 'done' } });
    expect(await as(alice).backtests.cancel({ id: done.id })).toEqual({ status: 'done' });
  });

  it('deletes a run, cancelling it first', async () => {
    const { id } = await as(alice).backtests.create(input());
    expect(await as(alice).backtests.delete({ id })).toEqual({ id });
    expect(await database.db.backtestRun.count()).toBe(0);
    expect(await jobs('run-backtest')).toEqual([]);
    expect((await rejection(as(alice).backtests.get({ id }))).code).toBe('NOT_FOUND');
  });
});

describe('another user’s run', () => {
  it('is NOT_FOUND through every procedure, and nothing of it changes or leaks', async () => {
    const { id } = await as(bob).backtests.create(input({ name: 'Bob’s' }));
    const before = await database.db.backtestRun.findUniqueOrThrow({ where: { id } });
    const calls = [
      () => as(alice).backtests.get({ id }),
      () => as(alice).backtests.candles({ id }),
      () => as(alice).backtests.cancel({ id }),
      () => as(alice).backtests.delete({ id }),
    ];
    for (const call of calls) {
      const err = await rejection(call());
      expect(err).toMatchObject({ code: 'NOT_FOUND', message: 'No such backtest.' });
    }
    expect(await as(alice).backtests.list({})).toEqual([]);
    expect(await database.db.backtestRun.findUniqueOrThrow({ where: { id } })).toEqual(before);
    expect(await jobs('run-backtest')).toHaveLength(1);
    // A missing id answers the same.
    expect((await rejection(as(alice).backtests.get({ id: 'nope' }))).message).toBe(
      'No such backtest.',
    );
  });

  it('is refused to a signed-out caller', async () => {
    expect((await rejection(as(null).backtests.list({}))).code).toBe('UNAUTHORIZED');
  });
});

describe('backtests.live', () => {
  it('forwards the user’s own run events only, and a cancel is announced', async () => {
    const controller = new AbortController();
    const events = (await as(alice, controller.signal).backtests.live({}))[Symbol.asyncIterator]();
    try {
      const first = nextWithin(events);
      // Let the subscription start listening before publishing.
      await new Promise((r) => setTimeout(r, 300));
      await publisher.publish(backtestTopic(bob.id), {
        id: 'bobs',
        status: 'running',
        progress: 0.5,
        stage: null,
      });
      await publisher.publish(backtestTopic(alice.id), {
        id: 'not-an-event',
        status: 'exploded',
        progress: 2,
        stage: null,
      });
      await publisher.publish(backtestTopic(alice.id), {
        id: 'alices',
        status: 'running',
        progress: 0.25,
        stage: 'Running',
      });
      expect(await first).toEqual({
        id: 'alices',
        status: 'running',
        progress: 0.25,
        stage: 'Running',
      });
      const { id } = await as(alice).backtests.create(input());
      await as(alice).backtests.cancel({ id });
      expect(await nextWithin(events)).toEqual({
        id,
        status: 'cancelled',
        progress: 0,
        stage: null,
      });
      const bobs = await as(bob).backtests.create(input());
      await as(bob).backtests.cancel({ id: bobs.id });
      expect(await nextWithin(events, 500)).toBe('timeout');
    } finally {
      controller.abort();
      await events.return?.();
    }
  });
});
