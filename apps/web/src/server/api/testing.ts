// Helpers for calling procedures in tests, without HTTP or cookies.
import type { Db } from '@coinview/db/client';
import type { Session } from 'next-auth';
import { createCaller } from './root';
import { createInnerTRPCContext } from './trpc';

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
