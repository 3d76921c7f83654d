/**
 * tRPC setup: the context every procedure receives, the error shape the client sees, and the
 * procedure builders routers are made of. Request-specific context (reading the session cookie)
 * lives in ./context.ts so that this module, the routers and their tests never load next-auth.
 */
import { randomBytes } from 'node:crypto';
import type { Db } from '@coinview/db/client';
import { initTRPC, TRPCError } from '@trpc/server';
import type { Session } from 'next-auth';
import superjson from 'superjson';
import { z, ZodError, ZodRealError } from 'zod';
import { releasingWhenDone, type SubscriptionBudget } from '~/server/live/subscription-budget';
import { logger } from '~/server/logger';
import { inputProblem } from './input-guard';

const log = logger.child({ component: 'trpc' });

export interface TRPCContext {
  db: Db;
  /** `session.user.id` is the signed-in User's id; null when signed out. */
  session: Session | null;
  headers: Headers;
  /**
   * Set when the call came over the live WebSocket (server/live): there only subscriptions run,
   * at most the budget's number at once.
   */
  liveSocket?: SubscriptionBudget;
}

/** A context without a request: used by tests and by server code that already knows the session. */
export function createInnerTRPCContext(opts: {
  db: Db;
  session: Session | null;
  headers?: Headers;
  liveSocket?: SubscriptionBudget;
}): TRPCContext {
  return {
    db: opts.db,
    session: opts.session,
    headers: opts.headers ?? new Headers(),
    ...(opts.liveSocket ? { liveSocket: opts.liveSocket } : {}),
  };
}

const t = initTRPC.context<TRPCContext>().create({
  transformer: superjson,
  errorFormatter({ shape, error, path, type }) {
    // Stacks say where the server's files are: never sent, in development either.
    const { stack: _stack, ...data } = shape.data;
    if (error.code === 'INTERNAL_SERVER_ERROR') {
      // A bug or an outage, not the client's mistake: its text (a database query, an id, a path)
      // stays in the log, and the client gets an id to quote that finds the log line.
      const errorId = randomBytes(6).toString('hex');
      log.error({ err: error.cause ?? error, errorId, path, type }, 'internal error');
      return {
        ...shape,
        message: internalErrorMessage(errorId),
        data: { ...data, errorId, zodError: null },
      };
    }
    return {
      ...shape,
      data: {
        ...data,
        // Input errors reach the client per field, so forms can show them in place.
        zodError: error.cause instanceof ZodError ? z.flattenError(error.cause) : null,
      },
    };
  },
});

/** What a client is told about an internal error; the id is in the server's log with the details. */
export function internalErrorMessage(errorId: string): string {
  return `Something went wrong on our side (error id ${errorId}).`;
}

export const createCallerFactory = t.createCallerFactory;
export const createTRPCRouter = t.router;

/** Every procedure's raw input passes inputProblem (NUL characters, absurd nesting) first. */
const guardedProcedure = t.procedure.use(async ({ getRawInput, next }) => {
  const problem = inputProblem(await getRawInput());
  if (problem) throw new TRPCError({ code: 'BAD_REQUEST', message: problem });
  return next();
});

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function'
  );
}

/**
 * The live WebSocket carries subscriptions only: queries and mutations stay on HTTP, where the
 * CSRF and body-size checks are. Each subscription holds one of the socket's slots until it ends.
 */
const liveSocketGuard = t.middleware(async ({ ctx, type, next }) => {
  const budget = ctx.liveSocket;
  if (!budget) return next();
  if (type !== 'subscription') {
    throw new TRPCError({
      code: 'METHOD_NOT_SUPPORTED',
      message: 'Only subscriptions run over the live connection.',
    });
  }
  if (!budget.take()) {
    throw new TRPCError({
      code: 'TOO_MANY_REQUESTS',
      message: `At most ${budget.max} live subscriptions per connection.`,
    });
  }
  let released = false;
  const release = () => {
    if (!released) budget.release();
    released = true;
  };
  const result = await next();
  if (!result.ok || !isAsyncIterable(result.data)) {
    release();
    return result;
  }
  return { ...result, data: releasingWhenDone(result.data, release) };
});

/** Anyone, signed in or not. */
export const publicProcedure = guardedProcedure.use(liveSocketGuard);

/**
 * Signed-in users only. Downstream, `ctx.session.user.id` is a non-empty string: scope every
 * query by it and never by an id taken from the input.
 */
export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
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
