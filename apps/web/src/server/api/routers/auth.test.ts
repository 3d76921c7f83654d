import type { Db } from '@coinview/db/client';
import { createTestDatabase } from '@coinview/db/testing';
import { verify } from '@node-rs/argon2';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { Pool } from 'pg';
import SuperJSON from 'superjson';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLoginLimiter, DEFAULT_LOGIN_LIMITS } from '~/server/auth/login-limiter';
import { createTestContext } from '../testing';
import { createCallerFactory, createTRPCRouter } from '../trpc';
import { createAuthRouter } from './auth';

let db: Db;
let pool: Pool;
let cleanup: () => Promise<void>;
const appRouter = createTRPCRouter({
  auth: createAuthRouter({ getLimiter: async () => createLoginLimiter(pool) }),
});
const createCaller = createCallerFactory(appRouter);
/** The API as an anonymous visitor from `ip` sees it. */
const anonymousFrom = (ip = '203.0.113.20') =>
  createCaller(createTestContext({ db, headers: new Headers({ 'x-coinview-client-ip': ip }) }));

beforeAll(async () => {
  const testDb = await createTestDatabase();
  db = testDb.db;
  pool = new Pool({ connectionString: testDb.url, max: 2 });
  cleanup = async () => {
    await pool.end();
    await testDb.cleanup();
  };
});
afterAll(async () => {
  await cleanup();
});
beforeEach(async () => {
  await db.user.deleteMany();
  await pool.query('DELETE FROM "RateLimit"');
});

/** A mutation over the real HTTP handler, in-process: what the browser receives. */
async function postRegister(input: unknown) {
  const req = new Request('http://localhost/api/trpc/auth.register', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(SuperJSON.serialize(input)),
  });
  const res = await fetchRequestHandler({
    endpoint: '/api/trpc',
    req,
    router: appRouter,
    createContext: () => createTestContext({ db }),
  });
  const body = (await res.json()) as { error?: { json: unknown } };
  return {
    status: res.status,
    error: body.error ? SuperJSON.deserialize<ErrorShape>(body.error as never) : null,
  };
}

interface ErrorShape {
  message: string;
  data: {
    code: string;
    zodError: { formErrors: string[]; fieldErrors: Record<string, string[]> } | null;
  };
}

describe('auth.register', () => {
  it('creates the account with an argon2 hash of the password', async () => {
    const result = await anonymousFrom().auth.register({
      email: 'New@Example.COM',
      password: 'correct horse',
      name: 'Newbie',
    });
    expect(result.email).toBe('new@example.com');

    const user = await db.user.findUniqueOrThrow({ where: { email: 'new@example.com' } });
    expect(user.id).toBe(result.id);
    expect(user.name).toBe('Newbie');
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verify(user.passwordHash!, 'correct horse')).toBe(true);
  });

  it('refuses a second account for the same email with a field error', async () => {
    await anonymousFrom().auth.register({
      email: 'dup@example.com',
      password: 'password-1',
      name: 'First',
    });
    const { status, error } = await postRegister({
      email: 'DUP@example.com',
      password: 'password-2',
      name: 'Second',
    });
    expect(status).toBe(409);
    expect(error?.data.code).toBe('CONFLICT');
    expect(error?.data.zodError?.fieldErrors.email?.[0]).toMatch(/already exists/);
    expect(await db.user.count()).toBe(1);
  });

  it('returns zod errors flattened per field', async () => {
    const { status, error } = await postRegister({ email: 'nope', password: 'short', name: '' });
    expect(status).toBe(400);
    expect(error?.data.code).toBe('BAD_REQUEST');
    const fields = error?.data.zodError?.fieldErrors ?? {};
    expect(fields.email?.[0]).toBe('Enter a valid email address');
    expect(fields.password?.[0]).toBe('Password must be at least 8 characters');
    expect(fields.name?.[0]).toBe('Tell us what to call you');
    expect(await db.user.count()).toBe(0);
  });

  it('limits accounts per client address, before hashing, with a message for the form', async () => {
    const ip = '198.51.100.30';
    const started = Date.now();
    for (let i = 0; i < DEFAULT_LOGIN_LIMITS.registrationsPerHour; i++) {
      await anonymousFrom(ip).auth.register({
        email: `bot-${i}@example.com`,
        password: 'password-123',
        name: `Bot ${i}`,
      });
    }
    const refusal = await anonymousFrom(ip)
      .auth.register({ email: 'bot-6@example.com', password: 'password-123', name: 'Bot' })
      .catch((e: unknown) => e as { code: string; message: string });
    expect(refusal).toMatchObject({
      code: 'TOO_MANY_REQUESTS',
      message: expect.stringMatching(
        /^Too many accounts were created from your network\. Try again in (5\d|60) minutes\.$/,
      ),
    });
    expect(await db.user.count()).toBe(DEFAULT_LOGIN_LIMITS.registrationsPerHour);
    // Another address still registers.
    await anonymousFrom('198.51.100.31').auth.register({
      email: 'human@example.com',
      password: 'password-123',
      name: 'Human',
    });
    expect(await db.user.count()).toBe(DEFAULT_LOGIN_LIMITS.registrationsPerHour + 1);
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('also caps an address per day', async () => {
    const limiter = createLoginLimiter(pool, {
      ...DEFAULT_LOGIN_LIMITS,
      registrationsPerHour: 100,
      registrationsPerDay: 3,
    });
    const caller = createCallerFactory(
      createTRPCRouter({ auth: createAuthRouter({ getLimiter: async () => limiter }) }),
    )(createTestContext({ db, headers: new Headers({ 'x-coinview-client-ip': '198.51.100.40' }) }));
    for (let i = 0; i < 3; i++)
      await caller.auth.register({
        email: `d-${i}@example.com`,
        password: 'password-123',
        name: 'D',
      });
    const refusal = await caller.auth
      .register({ email: 'd-4@example.com', password: 'password-123', name: 'D' })
      .catch((e: unknown) => e as { message: string });
    expect(refusal).toMatchObject({
      message: expect.stringMatching(/Try again in (2[34]) hours\./),
    });
  });
});
