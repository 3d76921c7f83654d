// Every procedure of the real appRouter, signed out and signed in, against a battery of malformed
// inputs (wrong types, huge and NaN-like numbers, 1,000-deep nesting, 1 MB strings, 10k arrays,
// unknown ids, another user's ids). None may end in INTERNAL_SERVER_ERROR (a 500) or answer with
// text from the database layer: bad input is the client's mistake and must be told as such.
// The app's own wiring is used (env → this test's Postgres and an exchange-sim), so a new
// procedure is covered the day it is added to root.ts.
import { defaultLayoutState } from '@coinview/core/layout';
import { createTestDatabase, type TestDatabase } from '@coinview/db/testing';
import { type ExchangeSim, startExchangeSim } from '@coinview/exchange-sim/server';
import { TRPCError } from '@trpc/server';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type * as RootModuleNs from './root';
import type * as TestingModuleNs from './testing';

type RootModule = typeof RootModuleNs;
type TestingModule = typeof TestingModuleNs;

type Caller = Record<string, unknown>;

/** Every procedure; the last test fails when root.ts gains one that is not listed here. */
const PROCEDURES = [
  'account.changePassword',
  'account.delete',
  'account.get',
  'account.signOutOtherSessions',
  'alerts.list',
  'alerts.get',
  'alerts.fires',
  'alerts.create',
  'alerts.update',
  'alerts.pause',
  'alerts.resume',
  'alerts.remove',
  'auth.register',
  'backtests.cancel',
  'backtests.candles',
  'backtests.create',
  'backtests.createSweep',
  'backtests.delete',
  'backtests.get',
  'backtests.list',
  'backtests.live',
  'drawings.get',
  'drawings.save',
  'drawings.clear',
  'drawings.symbols',
  'layouts.list',
  'layouts.get',
  'layouts.create',
  'layouts.rename',
  'layouts.save',
  'layouts.remove',
  'layouts.setDefault',
  'layouts.open',
  'layouts.openLast',
  'market.symbols',
  'market.tickers',
  'market.candles',
  'market.latest',
  'market.live',
  'market.source',
  'notificationSettings.get',
  'notificationSettings.update',
  'notificationSettings.sendVerification',
  'notificationSettings.rotateWebhookSecret',
  'notificationSettings.testWebhook',
  'notifications.list',
  'notifications.unreadCount',
  'notifications.markRead',
  'notifications.markAllRead',
  'notifications.live',
  'orders.rules',
  'orders.place',
  'orders.cancel',
  'orders.list',
  'orders.get',
  'orders.exportCsv',
  'orders.fills',
  'orders.live',
  'settings.get',
  'settings.update',
  'settings.setTimeZone',
  'telegram.status',
  'telegram.link',
  'telegram.unlink',
  'trading.keys',
  'trading.addKey',
  'trading.removeKey',
  'trading.accounts',
  'trading.resetPaper',
  'trading.settings',
  'trading.updateSettings',
  'watchlist.list',
  'watchlist.add',
  'watchlist.remove',
  'watchlist.move',
  'watchlist.reorder',
] as const;

let testDb: TestDatabase;
let sim: ExchangeSim;
let root: RootModule;
let testing: TestingModule;
let alice: { id: string; email: string };
let bob: { id: string; email: string };
/** Ids that belong to bob, sent by alice. */
const bobIds: string[] = [];
/** alice's own rule and layout, so inputs naming them get past the ownership check. */
const aliceIds = { rule: '', layout: '' };

beforeAll(async () => {
  [testDb, sim] = await Promise.all([
    createTestDatabase(),
    startExchangeSim({ port: 0, logger: pino({ level: 'silent' }) }),
  ]);
  // env.ts reads these once, at first import: load the app after setting them.
  process.env.DATABASE_URL = testDb.url;
  process.env.BINANCE_REST_URL = sim.restUrl;
  process.env.LOG_LEVEL = 'silent';
  root = await import('./root');
  testing = await import('./testing');
  alice = await testDb.db.user.create({
    data: { email: 'alice@example.test' },
    select: { id: true, email: true },
  });
  bob = await testDb.db.user.create({
    data: { email: 'bob@example.test' },
    select: { id: true, email: true },
  });
  const asBob = testing.callerFor(testDb.db, bob);
  const rule = await asBob.alerts.create({
    definition: {
      symbol: 'BTCUSDT',
      interval: '1h',
      condition: {
        op: 'greater-than',
        left: { kind: 'price', field: 'close' },
        right: { kind: 'value', value: 1 },
      },
    },
  });
  const layout = await asBob.layouts.create({ name: 'Bob', state: defaultLayoutState() });
  const order = await asBob.orders.place({
    ticketId: '0b0b0b0b-8a4d-4c1e-9b7a-2d3e4f5a6b7c',
    symbol: 'BTCUSDT',
    side: 'BUY',
    type: 'LIMIT',
    amount: { kind: 'base', value: '0.001' },
    price: '50000',
    account: { kind: 'paper' },
  });
  const key = await testDb.db.exchangeKey.create({
    data: {
      userId: bob.id,
      label: 'Bob',
      environment: 'sim',
      apiKey: 'B'.repeat(64),
      apiKeyLast4: 'BBBB',
      secretEncrypted: 'x',
      canTrade: true,
    },
  });
  bobIds.push(rule.id, layout.id, bob.id, order.id, key.id);
  const asAlice = testing.callerFor(testDb.db, alice);
  aliceIds.rule = (await asAlice.alerts.create({ definition: rule.definition })).id;
  aliceIds.layout = (
    await asAlice.layouts.create({ name: 'Alice', state: defaultLayoutState() })
  ).id;
}, 120_000);

afterAll(async () => {
  await sim?.stop();
  await testDb?.cleanup();
});

function nested(depth: number, wrap: (inner: unknown) => unknown, leaf: unknown): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = wrap(value);
  return value;
}

const comparison = {
  op: 'greater-than',
  left: { kind: 'price', field: 'close' },
  right: { kind: 'value', value: 1 },
};

/** Values that no field of any procedure should choke on. */
function junkValues(): unknown[] {
  return [
    undefined,
    null,
    true,
    -1,
    0,
    1.5,
    8.7e15,
    -8.7e15,
    1e308,
    Number.MAX_SAFE_INTEGER,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    '',
    'NaN',
    '1e999',
    '-0',
    '\u0000',
    '../../etc/passwd',
    'x'.repeat(1_000_000),
    Array.from({ length: 10_000 }, () => 'BTCUSDT'),
    Array.from({ length: 10_000 }, (_, i) => i),
    nested(1000, (inner) => ({ a: inner }), 1),
    nested(1000, (inner) => [inner], 1),
    // A condition tree 1,000 groups deep (and as a whole alert definition).
    nested(1000, (inner) => ({ all: [inner] }), comparison),
    {
      symbol: 'BTCUSDT',
      interval: '1h',
      condition: nested(1000, (inner) => ({ any: [inner] }), comparison),
    },
    { symbol: 'BTCUSDT', interval: '1h', condition: comparison, expiresAt: 8.7e15 },
    {},
    [],
    'unknown-id-000',
    ...bobIds,
  ];
}

/** The keys a procedure's input object declares (so each can be given each junk value). */
function inputKeys(inputs: unknown[]): string[] {
  const keys = new Set<string>();
  for (const input of inputs) {
    let schema = input;
    // Unwrap optional/default/pipe wrappers down to an object, if any.
    for (let i = 0; i < 5 && schema && !(schema instanceof z.ZodObject); i++) {
      const def = (schema as { _zod?: { def?: Record<string, unknown> } })._zod?.def;
      schema = def?.innerType ?? def?.in;
    }
    if (schema instanceof z.ZodObject) for (const key of Object.keys(schema.shape)) keys.add(key);
  }
  return [...keys];
}

/** A valid-looking base input per procedure, so a junk field reaches deeper than a missing one. */
function baseInputs(): Record<string, Record<string, unknown>> {
  return {
    'alerts.fires': { id: aliceIds.rule },
    'alerts.get': { id: aliceIds.rule },
    'alerts.update': { id: aliceIds.rule, definition: {} },
    'drawings.get': { symbol: 'BTCUSDT' },
    'drawings.save': { symbol: 'BTCUSDT', drawings: [], expectedVersion: 0 },
    'drawings.clear': { symbol: 'BTCUSDT', expectedVersion: 0 },
    'layouts.save': { id: aliceIds.layout, expectedVersion: 1, state: defaultLayoutState() },
    'layouts.rename': { id: aliceIds.layout, name: 'Mine' },
    'market.candles': { symbol: 'BTCUSDT', interval: '1m' },
    'market.latest': { symbol: 'BTCUSDT', interval: '1m' },
    'settings.setTimeZone': { timeZone: 'Europe/Paris' },
    'orders.place': {
      ticketId: '6f1c2b9e-8a4d-4c1e-9b7a-2d3e4f5a6b7c',
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      amount: { kind: 'base', value: '0.001' },
      price: '50000',
      account: { kind: 'paper' },
    },
    'orders.list': { limit: 10 },
    'orders.rules': { symbol: 'BTCUSDT' },
    'orders.fills': { symbol: 'BTCUSDT' },
    'trading.addKey': {
      label: 'Mine',
      environment: 'sim',
      apiKey: 'A'.repeat(64),
      secret: 'b'.repeat(64),
    },
    'trading.resetPaper': { confirm: 'RESET' },
  };
}

interface Finding {
  path: string;
  who: string;
  input: string;
  code: string;
  message: string;
}

function describeInput(input: unknown): string {
  try {
    const text = JSON.stringify(input) ?? String(input);
    return text.length > 80 ? `${text.slice(0, 80)}…` : text;
  } catch {
    return String(input);
  }
}

/** Text that must never reach a client: the database layer's or the runtime's internals. */
const LEAK = /prisma|invalid `|\bat [\w.<>]+ \(|unique constraint|violat|P20\d\d|stack/i;

async function callOnce(
  caller: Caller,
  path: string,
  type: string,
  input: unknown,
  controller: AbortController,
): Promise<unknown> {
  let target: unknown = caller;
  for (const part of path.split('.')) target = (target as Record<string, unknown>)[part];
  const procedure = target as (input: unknown) => Promise<unknown>;
  if (type !== 'subscription') return procedure(input);
  // A subscription: start it, take what it sends within a moment, then abort it (an async
  // generator's return() would wait for the pending next()).
  const iterable = (await procedure(input)) as AsyncIterable<unknown>;
  const iterator = iterable[Symbol.asyncIterator]();
  const first = iterator.next();
  const settled = await Promise.race([
    first.then(() => 'sent'),
    new Promise((resolve) => setTimeout(resolve, 50, 'quiet')),
  ]);
  controller.abort();
  await first.catch((err: unknown) => {
    if (settled === 'sent' || !controller.signal.aborted) throw err;
  });
  await iterator.return?.();
  return undefined;
}

/** Fails a call that hangs instead of answering. */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

async function probe(path: string, type: string, who: 'signed-out' | 'alice'): Promise<Finding[]> {
  const findings: Finding[] = [];
  const procedures = root.appRouter._def.procedures as unknown as Record<
    string,
    { _def: { inputs: unknown[] } }
  >;
  const keys = inputKeys(procedures[path]!._def.inputs);
  const base = baseInputs()[path] ?? {};
  const inputs: unknown[] = [...junkValues()];
  for (const key of keys) for (const value of junkValues()) inputs.push({ ...base, [key]: value });

  for (const input of inputs) {
    const controller = new AbortController();
    const caller = root.createCaller(
      testing.createTestContext({
        db: testDb.db,
        session: who === 'alice' ? testing.sessionFor(alice) : null,
      }),
      { signal: controller.signal },
    ) as unknown as Caller;
    try {
      await withTimeout(callOnce(caller, path, type, input, controller), 10_000);
    } catch (err) {
      const code = err instanceof TRPCError ? err.code : 'NOT_A_TRPC_ERROR';
      const message = err instanceof Error ? err.message : String(err);
      if (code === 'INTERNAL_SERVER_ERROR' || code === 'NOT_A_TRPC_ERROR' || LEAK.test(message))
        findings.push({
          path,
          who,
          input: describeInput(input),
          code,
          message: message.slice(0, 300),
        });
    } finally {
      controller.abort();
    }
  }
  return findings;
}

describe('malformed input to every procedure', () => {
  it('covers the whole router', () => {
    expect(Object.keys(root.appRouter._def.procedures).length).toBeGreaterThan(20);
  });

  // One test per procedure (listed from the router once it is loaded).
  const paths = [...PROCEDURES];
  it.each(paths)(
    '%s never answers a 500 or leaks internals, signed out or signed in',
    async (path) => {
      const procedures = root.appRouter._def.procedures as unknown as Record<
        string,
        { _def: { type: string } }
      >;
      const procedure = procedures[path];
      expect(procedure, `${path} is not in appRouter`).toBeDefined();
      const findings: Finding[] = [];
      for (const who of ['signed-out', 'alice'] as const)
        findings.push(...(await probe(path, procedure!._def.type, who)));
      // Printed in full when it fails: which input, what came back.
      expect(findings).toEqual([]);
    },
    120_000,
  );

  it('lists every procedure of the router', () => {
    expect(Object.keys(root.appRouter._def.procedures).sort()).toEqual([...PROCEDURES].sort());
  });
});
