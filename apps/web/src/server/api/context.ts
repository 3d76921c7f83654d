// The per-request tRPC context: the session from the request's cookie and the shared db client.
import { auth } from '~/server/auth';
import { getDatabase } from '~/server/db';
import { createInnerTRPCContext, type TRPCContext } from './trpc';

export async function createTRPCContext(opts: { headers: Headers }): Promise<TRPCContext> {
  const [session, db] = await Promise.all([auth(), getDatabase()]);
  return createInnerTRPCContext({ db, session, headers: opts.headers });
}
