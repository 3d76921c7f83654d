/**
 * tRPC setup: the context every procedure receives, the error shape the client sees, and the
 * procedure builders routers are made of. Request-specific context (reading the session cookie)
 * lives in ./context.ts so that this module, the routers and their tests never load next-auth.
 */
import type { Db } from '@coinview/db/client';
import { initTRPC, TRPCError } from '@trpc/server';
import type { Session } from 'next-auth';
import superjson from 'superjson';
import { z, ZodError, ZodRealError } from 'zod';

export interface TRPCContext {
  db: Db;
  /** `session.user.id` is the signed-in User's id; null when signed out. */
  session: Session | null;
  headers: Headers;
}

/** A context without a request: used by tests and by server code that already knows the session. */
export function createInnerTRPCContext(opts: {
  db: Db;
  session: Session | null;
  headers?: Headers;
}): TRPCContext {
  return { db: opts.db, session: opts.session, headers: opts.headers ?? new Headers() };
}

const t = initTRPC.context<TRPCContext>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    return {
      ...shape,
      data: {
        ...shape.data,
        // Input errors reach the client per field, so forms can show them in place.
        zodError: error.cause instanceof ZodError ? z.flattenError(error.cause) : null,
      },
    };
  },
});

export const createCallerFactory = t.createCallerFactory;
export const createTRPCRouter = t.router;

/** Anyone, signed in or not. */
export const publicProcedure = t.procedure;

/**
 * Signed-in users only. Downstream, `ctx.session.user.id` is a non-empty string: scope every
 * query by it and never by an id taken from the input.
 */
export const protectedProcedure = t.procedure.use(({ ctx, next }) => {
  const user = ctx.session?.user;
  if (!ctx.session || !user?.id)
    throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in to continue.' });
  return next({ ctx: { session: { ...ctx.session, user: { ...user, id: user.id } } } });
});

/**
 * An error on one input field, shown next to that field like a zod error. (ZodRealError is the
 * ZodError that extends Error; tRPC would wrap a plain ZodError and lose it.)
 */
export function fieldError(field: string, message: string): ZodError {
  return new ZodRealError([{ code: 'custom', path: [field], message, input: undefined }]);
}
