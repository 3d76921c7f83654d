import type { Db } from '@coinview/db/client';
import { createTestDatabase } from '@coinview/db/testing';
import { verify } from '@node-rs/argon2';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import SuperJSON from 'superjson';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { appRouter } from '../root';
import { callerFor, createTestContext } from '../testing';

let db: Db;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ db, cleanup } = await createTestDatabase());
});
afterAll(async () => {
  await cleanup();
});
beforeEach(async () => {
  await db.user.deleteMany();
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
    const result = await callerFor(db, null).auth.register({
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
    await callerFor(db, null).auth.register({
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
});
