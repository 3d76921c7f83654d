// alerts.* through createCaller on a real Postgres and a real LISTEN/NOTIFY bus: validation errors
// land on their fields, every change is announced to the worker, and one user can never see or
// touch another's rules or fires whatever ids they send.
import type { AlertRuleInput } from '@coinview/core/rules/rule';
import { recordFire } from '@coinview/db/alert-fires';
import type { PgBus } from '@coinview/db/bus';
import type { TestDatabase } from '@coinview/db/testing';
import { ALERT_RULES_TOPIC } from '@coinview/db/bus-topics';
import { TRPCError } from '@trpc/server';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { callersAs, signedInTestSetup, type TestUser } from '../testing';
import { createCallerFactory, createTRPCRouter } from '../trpc';
import { appRouter } from '../root';
import { createAlertsRouter } from './alerts';

let database: TestDatabase;
let publisher: PgBus;
let listener: PgBus;
let announced: unknown[] = [];
let alice: TestUser;
let bob: TestUser;

const router = createTRPCRouter({
  alerts: createAlertsRouter({ getBus: async () => publisher }),
});
const as = callersAs(createCallerFactory(router), () => database.db);

const rsi: AlertRuleInput = {
  symbol: 'BTCUSDT',
  interval: '1h',
  condition: {
    op: 'crosses-below',
    left: { kind: 'indicator', id: 'rsi', params: { period: 14 } },
    right: { kind: 'value', value: 30 },
  },
};

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
    path: 'alerts',
    input: undefined,
    ctx: undefined,
    shape: {
      message: trpcError.message,
      code: -32600,
      data: { code: trpcError.code, httpStatus: 400 },
    },
  }) as { data: { zodError: { fieldErrors: Record<string, string[]> } | null } };
  return {
    code: trpcError.code,
    message: trpcError.message,
    fieldErrors: shape.data.zodError?.fieldErrors,
  };
}

async function waitFor(predicate: () => boolean, ms = 3000): Promise<void> {
  const until = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

signedInTestSetup((setup) => {
  ({ database, publisher, listener, alice, bob } = setup);
});
beforeAll(async () => {
  await listener.subscribe(ALERT_RULES_TOPIC, (payload) => announced.push(payload));
});
beforeEach(() => {
  announced = [];
});

describe('alerts', () => {
  it('creates an alert, names it after its rule, and tells the worker', async () => {
    const created = await as(alice).alerts.create({ definition: rsi });
    expect(created).toMatchObject({
      name: 'BTCUSDT 1h: RSI 14 crosses below 30',
      description: 'RSI 14 crosses below 30',
      status: 'active',
      message: '{{symbol}} {{interval}}: {{rule}} (close {{close}})',
    });
    await waitFor(() => announced.length === 1);
    expect(announced).toEqual([{ ruleId: created.id, userId: alice.id }]);
    expect((await as(alice).alerts.list()).map((r) => r.id)).toEqual([created.id]);
  });

  it("uses the user's default template when no message is given", async () => {
    await database.db.notificationSettings.create({
      data: { userId: alice.id, webhookSecret: 'x', defaultTemplate: 'ALERT {{symbol}}' },
    });
    expect((await as(alice).alerts.create({ definition: rsi })).message).toBe('ALERT {{symbol}}');
  });

  it('refuses a bad rule with the message on the field it belongs to', async () => {
    const bad = {
      ...rsi,
      condition: {
        op: 'crosses-below',
        left: { kind: 'indicator', id: 'rsi', params: { period: 0 } },
        right: { kind: 'value', value: 30 },
      },
    };
    const err = await failure(as(alice).alerts.create({ definition: bad }));
    expect(err.code).toBe('BAD_REQUEST');
    expect(err.message).toMatch(/condition\.left\.params\.period: .*Period must be at least 1/);
    expect(err.fieldErrors?.['condition.left.params.period']?.[0]).toMatch(
      /Period must be at least 1/,
    );

    const channel = await failure(
      as(alice).alerts.create({
        definition: {
          ...rsi,
          condition: {
            op: 'entering-channel',
            left: { kind: 'price', field: 'close' },
            channel: { kind: 'bands', id: 'ema', params: {} },
          },
        },
      }),
    );
    expect(channel.fieldErrors?.['condition.channel.id']?.[0]).toMatch(/single line/);
    expect(await database.db.alertRule.count()).toBe(0);
    expect(announced).toEqual([]);
  });

  it('updates, pauses, resumes and removes, announcing each change', async () => {
    const { id } = await as(alice).alerts.create({ name: 'Mine', definition: rsi });
    const updated = await as(alice).alerts.update({
      id,
      name: 'Mine 4h',
      definition: { ...rsi, interval: '4h' },
    });
    expect(updated).toMatchObject({ interval: '4h', version: 2 });
    expect((await as(alice).alerts.pause({ id })).status).toBe('paused');
    expect((await as(alice).alerts.resume({ id })).status).toBe('active');
    expect(await as(alice).alerts.remove({ id })).toEqual({ id });
    await waitFor(() => announced.length === 5);
    expect(new Set(announced.map((a) => JSON.stringify(a)))).toEqual(
      new Set([JSON.stringify({ ruleId: id, userId: alice.id })]),
    );
    expect(await as(alice).alerts.list()).toEqual([]);
  });

  it('shows fires with their deliveries', async () => {
    const { id } = await as(alice).alerts.create({ definition: rsi });
    await recordFire(database.db, {
      ruleId: id,
      userId: alice.id,
      barTime: new Date('2026-11-27T10:00:00Z'),
      trigger: 'bar-close',
      price: '90000',
      message: 'BTCUSDT fired',
      values: { 'RSI 14': 29.1, Value: 30 },
      channels: ['email', 'inapp'],
      once: true,
    });
    const detail = await as(alice).alerts.get({ id });
    expect(detail).toMatchObject({ status: 'triggered', fireCount: 1 });
    expect(detail.fires[0]).toMatchObject({
      message: 'BTCUSDT fired',
      values: { 'RSI 14': 29.1, Value: 30 },
      deliveries: [
        { channel: 'email', status: 'pending' },
        { channel: 'inapp', status: 'pending' },
      ],
    });
    expect(await as(alice).alerts.fires({ id })).toHaveLength(1);
  });

  it("never lets one user read or change another's alerts, whatever ids are sent", async () => {
    const theirs = await as(bob).alerts.create({ name: 'Bob', definition: rsi });
    await recordFire(database.db, {
      ruleId: theirs.id,
      userId: bob.id,
      barTime: new Date('2026-11-27T10:00:00Z'),
      trigger: 'bar-close',
      price: '1',
      message: 'bob fire',
      values: {},
      channels: ['inapp'],
      once: false,
    });
    const id = theirs.id;
    const attempts: (() => Promise<unknown>)[] = [
      () => as(alice).alerts.get({ id }),
      () => as(alice).alerts.fires({ id }),
      () => as(alice).alerts.update({ id, name: 'stolen', definition: rsi }),
      () => as(alice).alerts.pause({ id }),
      () => as(alice).alerts.resume({ id }),
      () => as(alice).alerts.remove({ id }),
    ];
    for (const attempt of attempts) expect((await failure(attempt())).code).toBe('NOT_FOUND');
    // Extra keys naming Bob are stripped by the input schema, never used.
    const smuggled = await as(alice).alerts.create({
      definition: rsi,
      ...({ userId: bob.id, id } as object),
    });
    expect(smuggled.id).not.toBe(id);
    expect((await as(alice).alerts.list()).map((r) => r.id)).toEqual([smuggled.id]);
    expect(await as(bob).alerts.get({ id })).toMatchObject({
      name: 'Bob',
      status: 'active',
      version: 1,
      fireCount: 1,
    });
    expect((await failure(as(null).alerts.list())).code).toBe('UNAUTHORIZED');
  });
});

describe('alerts with an order action', () => {
  const buy = {
    side: 'BUY',
    type: 'LIMIT',
    limitOffsetPercent: '-0.5',
    amount: { kind: 'quote', value: '100' },
    account: { kind: 'paper' },
    maxPosition: '0.01',
  };

  it('stores the action with the rule and clears it when sent as null', async () => {
    const created = await as(alice).alerts.create({ definition: rsi, orderAction: buy });
    expect(created.orderAction).toEqual(buy);
    expect((await as(alice).alerts.get({ id: created.id })).orderAction).toEqual(buy);
    const cleared = await as(alice).alerts.update({
      id: created.id,
      definition: rsi,
      orderAction: null,
    });
    expect(cleared.orderAction).toBeNull();
  });

  it('puts each problem of the action on its field', async () => {
    const err = await failure(
      as(alice).alerts.create({
        definition: rsi,
        orderAction: {
          ...buy,
          limitOffsetPercent: undefined,
          amount: { kind: 'quote', value: '-1' },
        },
      }),
    );
    expect(err.code).toBe('BAD_REQUEST');
    expect(Object.keys(err.fieldErrors ?? {}).sort()).toEqual([
      'orderAction.amount.value',
      'orderAction.limitOffsetPercent',
    ]);
    expect(await database.db.alertRule.count()).toBe(0);
  });

  it("refuses another user's exchange key as if it did not exist", async () => {
    const key = await database.db.exchangeKey.create({
      data: {
        userId: bob.id,
        label: 'Bob',
        environment: 'sim',
        apiKey: 'BOBKEY0000000000',
        apiKeyLast4: '0000',
        secretEncrypted: 'x',
        canTrade: true,
      },
    });
    const err = await failure(
      as(alice).alerts.create({
        definition: rsi,
        orderAction: { ...buy, account: { kind: 'binance', keyId: key.id } },
      }),
    );
    expect(err.code).toBe('BAD_REQUEST');
    expect(err.fieldErrors?.['orderAction.account']?.[0]).toMatch(/does not exist/);
    expect(await database.db.alertRule.count()).toBe(0);
  });
});
