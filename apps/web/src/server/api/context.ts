// The tRPC context of an HTTP request (the session from the request's cookie) and of a live
// WebSocket (the session its upgrade request authenticated, see server/live), both with the
// shared db client.
import type { Session } from 'next-auth';
import { auth } from '~/server/auth';
import { getDatabase } from '~/server/db';
import type { SubscriptionBudget } from '~/server/live/subscription-budget';
import { createInnerTRPCContext, type TRPCContext } from './trpc';

export async function createTRPCContext(opts: { headers: Headers }): Promise<TRPCContext> {
  const [session, db] = await Promise.all([auth(), getDatabase()]);
  return createInnerTRPCContext({ db, session, headers: opts.headers });
}

/** A context for a session already resolved by the caller (the live socket's upgrade). */
export async function createSessionContext(opts: {
  session: Session | null;
  headers: Headers;
  liveSocket?: SubscriptionBudget;
}): Promise<TRPCContext> {
  return createInnerTRPCContext({ ...opts, db: await getDatabase() });
}
