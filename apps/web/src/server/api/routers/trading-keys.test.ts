// trading.keys / addKey / removeKey through createCaller, on a real Postgres and against a real
// exchange-sim (its signed GET /api/v3/account with signature, timestamp and recvWindow checks):
// a key the exchange accepts and that can trade is saved sealed and listed masked; a wrong secret
// or a key without trading permission is refused with the exchange's reason and nothing is saved;
// the secret appears in no answer; another user's key cannot be seen or removed.
import { createSecretBox, generateSecretBoxKey } from '@coinview/db/secret-box';
import { createTestDatabase, type TestDatabase } from '@coinview/db/testing';
import {
  DEMO_API_KEY,
  DEMO_API_SECRET,
  type ExchangeSim,
  startExchangeSim,
} from '@coinview/exchange-sim/server';
import { TRPCError } from '@trpc/server';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createKeyVerifier } from '~/server/trading/verify-key';
import { createTestContext, sessionFor } from '../testing';
import { createCallerFactory, createTRPCRouter } from '../trpc';
import { createKeyProcedures } from './trading-keys';

const READ_ONLY_KEY = 'READONLY00000000000000000000000000000000000000000000000000000001';
const READ_ONLY_SECRET = 'readonlysecret000000000000000000000000000000000000000000000000001';

let database: TestDatabase;
let sim: ExchangeSim;
let alice: { id: string; email: string };
let bob: { id: string; email: string };
const box = createSecretBox(generateSecretBoxKey());

const router = createTRPCRouter({
  trading: createTRPCRouter(
    createKeyProcedures({
      verifyKey: createKeyVerifier(() => sim.restUrl),
      box: () => box,
    }),
  ),
});
const createCaller = createCallerFactory(router);
const as = (user: { id: string; email: string }) =>
  createCaller(createTestContext({ db: database.db, session: sessionFor(user) }));

const demo = {
  label: 'Sim demo',
  environment: 'sim' as const,
  apiKey: DEMO_API_KEY,
  secret: DEMO_API_SECRET,
};

async function rejection(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

beforeAll(async () => {
  [database, sim] = await Promise.all([
    createTestDatabase(),
    startExchangeSim({
      port: 0,
      logger: pino({ level: 'silent' }),
      accounts: [
        { apiKey: DEMO_API_KEY, secret: DEMO_API_SECRET, balances: { USDT: '1000' } },
        {
          apiKey: READ_ONLY_KEY,
          secret: READ_ONLY_SECRET,
          canTrade: false,
          balances: { USDT: '1' },
        },
      ],
    }),
  ]);
}, 120_000);
afterAll(async () => {
  await sim?.stop();
  await database?.cleanup();
});
beforeEach(async () => {
  await database.db.user.deleteMany();
  alice = await database.db.user.create({
    data: { email: 'alice@example.com' },
    select: { id: true, email: true },
  });
  bob = await database.db.user.create({
    data: { email: 'bob@example.com' },
    select: { id: true, email: true },
  });
});

describe('exchange keys', () => {
  it('saves a key the exchange accepts, sealed, and lists it masked', async () => {
    const added = await as(alice).trading.addKey(demo);
    expect(added).toMatchObject({
      label: 'Sim demo',
      environment: 'sim',
      apiKeyLast4: DEMO_API_KEY.slice(-4),
      canTrade: true,
      permissions: ['SPOT'],
    });
    const listed = await as(alice).trading.keys();
    expect(listed).toEqual([added]);
    // Neither answer carries the secret or the whole key.
    for (const answer of [added, listed]) {
      expect(JSON.stringify(answer)).not.toContain(DEMO_API_SECRET);
      expect(JSON.stringify(answer)).not.toContain(DEMO_API_KEY);
    }
    // At rest: sealed, not the secret.
    const row = await database.db.exchangeKey.findFirstOrThrow({ where: { userId: alice.id } });
    expect(row.secretEncrypted).not.toContain(DEMO_API_SECRET);
    expect(box.open(row.secretEncrypted, alice.id)).toBe(DEMO_API_SECRET);
  });

  it("refuses a wrong secret with the exchange's reason and saves nothing", async () => {
    const err = await rejection(
      as(alice).trading.addKey({ ...demo, secret: DEMO_API_SECRET.replace(/.$/, '0') }),
    );
    expect(err.code).toBe('BAD_REQUEST');
    expect(err.message).toMatch(/signature/i);
    expect(err.message).not.toContain(DEMO_API_SECRET);
    expect(await database.db.exchangeKey.count()).toBe(0);
  });

  it('refuses a key that cannot trade', async () => {
    const err = await rejection(
      as(alice).trading.addKey({
        label: 'Read only',
        environment: 'sim',
        apiKey: READ_ONLY_KEY,
        secret: READ_ONLY_SECRET,
      }),
    );
    expect(err.code).toBe('BAD_REQUEST');
    expect(err.message).toMatch(/cannot trade|permission/i);
    expect(await database.db.exchangeKey.count()).toBe(0);
  });

  it('refuses a second key with the same label on the label field', async () => {
    await as(alice).trading.addKey(demo);
    const err = await rejection(as(alice).trading.addKey(demo));
    expect(err.code).toBe('CONFLICT');
  });

  it("keeps each user's keys to that user", async () => {
    const key = await as(alice).trading.addKey(demo);
    expect(await as(bob).trading.keys()).toEqual([]);
    expect((await rejection(as(bob).trading.removeKey({ id: key.id }))).code).toBe('NOT_FOUND');
    expect(await as(alice).trading.keys()).toHaveLength(1);
    expect(await as(alice).trading.removeKey({ id: key.id })).toEqual({ id: key.id });
    expect(await as(alice).trading.keys()).toEqual([]);
  });
});
