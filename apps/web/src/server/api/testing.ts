// Helpers for calling procedures in tests, without HTTP or cookies: sessions and callers for
// signed-in users, and the setup router tests share — a database of their own with a real
// LISTEN/NOTIFY bus on it, and two users (Alice, and Bob to prove she never reaches what is his).
// Imported by tests only (it registers vitest hooks).
import { PgBus } from '@coinview/db/bus';
import type { Db } from '@coinview/db/client';
import { createTestDatabase, type TestDatabase } from '@coinview/db/testing';
import type { Session } from 'next-auth';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { createCaller } from './root';
import { createInnerTRPCContext, type TRPCContext } from './trpc';

/** A signed-in session for `user`, shaped like what `auth()` returns. */
export function sessionFor(user: {
  id: string;
  email?: string | null;
  name?: string | null;
}): Session {
  return {
    user: { id: user.id, email: user.email ?? null, name: user.name ?? null },
    expires: new Date(Date.now() + 24 * 60 * 60 * 1000).toISOString(),
  };
}

export function createTestContext(opts: { db: Db; session?: Session | null; headers?: Headers }) {
  return createInnerTRPCContext({
    db: opts.db,
    session: opts.session ?? null,
    headers: opts.headers,
  });
}

/** `callerFor(db, user)` = the API as `user` sees it; `callerFor(db, null)` = signed out. */
export function callerFor(db: Db, user: { id: string; email?: string | null } | null) {
  return createCaller(createTestContext({ db, session: user ? sessionFor(user) : null }));
}

export interface TestUser {
  id: string;
  email: string;
}

/**
 * `as(user)` = a router's procedures as `user` calls them (`as(null)`: signed out); `signal` ends
 * its subscriptions. Takes `createCallerFactory(router)` of a test's own router, and reads `db()`
 * at each call, since a test file creates its database in `beforeAll`.
 */
export function callersAs<TCaller>(
  createRouterCaller: (ctx: TRPCContext, opts?: { signal?: AbortSignal }) => TCaller,
  db: () => Db,
) {
  return (user: TestUser | null, signal?: AbortSignal): TCaller =>
    createRouterCaller(createTestContext({ db: db(), session: user ? sessionFor(user) : null }), {
      signal,
    });
}

/** Deletes every user (and all they own), then creates Alice and Bob. */
export async function resetToAliceAndBob(db: Db): Promise<{ alice: TestUser; bob: TestUser }> {
  await db.user.deleteMany();
  const create = (email: string) =>
    db.user.create({ data: { email }, select: { id: true, email: true } });
  return { alice: await create('alice@example.com'), bob: await create('bob@example.com') };
}

export interface SignedInSetup {
  database: TestDatabase;
  /** Publishes as the worker (or a router under test) does. */
  publisher: PgBus;
  /** Listens as a router (or the test) does: a second connection, as in production. */
  listener: PgBus;
  alice: TestUser;
  bob: TestUser;
}

/**
 * Registers the hooks of a router test file that runs as signed-in users on a real Postgres and
 * LISTEN/NOTIFY bus: before all, a database of the file's own with two buses on it; before each
 * test, no users but Alice and Bob; after all, everything closed and dropped. `keep` receives the
 * setup whenever it changes, for the file to keep in its variables (test bodies read them as
 * before, and hooks the file registers after this one see them set).
 */
export function signedInTestSetup(keep: (setup: SignedInSetup) => void): void {
  let opened: Omit<SignedInSetup, 'alice' | 'bob'> | undefined;
  const reset = async () => {
    if (opened) keep({ ...opened, ...(await resetToAliceAndBob(opened.database.db)) });
  };
  beforeAll(async () => {
    const database = await createTestDatabase();
    opened = { database, publisher: new PgBus(database.url), listener: new PgBus(database.url) };
    await reset();
  });
  beforeEach(reset);
  afterAll(async () => {
    await opened?.publisher.close();
    await opened?.listener.close();
    await opened?.database.cleanup();
  });
}

/** The iterator's next value, or 'timeout' when none comes within `ms`. */
export async function nextWithin<T>(iterator: AsyncIterator<T>, ms = 3000): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), ms)));
  try {
    const result = await Promise.race([iterator.next(), timeout]);
    if (result === 'timeout') return result;
    return result.value as T;
  } finally {
    clearTimeout(timer);
  }
}
