// The signed-in user's chart drawings, one set per symbol, autosaved whole with the version the
// chart last read (see @coinview/db/drawings). Scoped to ctx.session.user.id: a symbol someone
// else drew on answers exactly like one nobody drew on.
import { symbolSchema } from '@coinview/core/candle';
import type { drawingSchema } from '@coinview/core/drawings';
import {
  clearDrawings,
  DrawingsInvalidError,
  DrawingsQuotaError,
  DrawingsVersionConflictError,
  getDrawings,
  listDrawingSymbols,
  parseDrawingSet,
  saveDrawings,
} from '@coinview/db/drawings';
import { TRPCError } from '@trpc/server';
import type { Logger } from 'pino';
import { z } from 'zod';
import { ALERT_RULES_TOPIC } from '@coinview/db/bus-topics';
import type { EventPublisher } from '@coinview/core/ports';
import { getBus } from '~/server/db';
import { logger } from '~/server/logger';
import { createTRPCRouter, fieldError, protectedProcedure } from '../trpc';

const bySymbol = z.object({ symbol: symbolSchema });

// A Postgres int: anything larger cannot be a version we handed out.
const expectedVersion = z.number().int().min(0).max(2_147_483_647);

/**
 * The whole set, checked by parseDrawingSet (limit, core's drawingSchema, unique ids) and reported
 * as one issue on `drawings` naming the bad drawing and field ("Drawing 2: anchors.1.time: …"):
 * the client's flattened zodError keeps only top-level keys. Typed as an array of drawingSchema,
 * which is what it accepts and returns, so the client keeps its types.
 */
const drawingsInput = z.unknown().transform((value, ctx) => {
  const result = parseDrawingSet(value);
  if (result.success) return result.drawings;
  ctx.addIssue({ code: 'custom', message: result.message, input: value });
  return z.NEVER;
}) as unknown as z.ZodArray<typeof drawingSchema>;

/** Domain errors → what the client can act on (a reload prompt, a field error). */
function rethrow(err: unknown): never {
  if (err instanceof DrawingsVersionConflictError)
    throw new TRPCError({
      code: 'CONFLICT',
      message: `${err.message}. Reload the drawings before saving again.`,
      cause: err,
    });
  if (err instanceof DrawingsQuotaError)
    throw new TRPCError({ code: 'FORBIDDEN', message: err.message, cause: err });
  if (err instanceof DrawingsInvalidError)
    throw new TRPCError({
      code: 'BAD_REQUEST',
      message: err.message,
      cause: fieldError('drawings', err.message),
    });
  throw err;
}

export function createDrawingsRouter(deps: {
  logger: Pick<Logger, 'warn' | 'error'>;
  /** Where alert changes are published for the worker (default: the app's bus). */
  getBus?: () => Promise<EventPublisher>;
}) {
  /** Alerts that moved with their drawings: the worker reloads each (as after an edit). */
  async function announce(userId: string, ruleIds: readonly string[]) {
    if (ruleIds.length === 0) return;
    try {
      const bus = await (deps.getBus ?? getBus)();
      for (const ruleId of ruleIds) await bus.publish(ALERT_RULES_TOPIC, { ruleId, userId });
    } catch (err) {
      // The worker's periodic resync picks the change up anyway.
      deps.logger.error({ err, userId, ruleIds }, 'could not publish the moved alerts');
    }
  }

  return createTRPCRouter({
    /**
     * The set on a symbol and its version (0 and none when never drawn on). Stored drawings that
     * no longer pass the schema are left out and logged; `unreadable` says how many, so the chart
     * can tell the user instead of failing to open.
     */
    get: protectedProcedure.input(bySymbol).query(async ({ ctx, input }) => {
      const userId = ctx.session.user.id;
      const set = await getDrawings(ctx.db, userId, input.symbol);
      if (set.unreadable.length > 0)
        deps.logger.warn(
          { userId, symbol: input.symbol, problems: set.unreadable.slice(0, 5) },
          'stored drawings left out: they fail the drawing schema',
        );
      return { drawings: set.drawings, version: set.version, unreadable: set.unreadable.length };
    }),

    /** Autosave of the whole set: writes only over `expectedVersion`; returns the new version. */
    save: protectedProcedure
      .input(z.object({ symbol: symbolSchema, drawings: drawingsInput, expectedVersion }))
      .mutation(async ({ ctx, input }) => {
        const userId = ctx.session.user.id;
        const saved = await saveDrawings(
          ctx.db,
          userId,
          input.symbol,
          input.drawings,
          input.expectedVersion,
        ).catch(rethrow);
        await announce(userId, saved.movedAlerts);
        return { version: saved.version, movedAlerts: saved.movedAlerts.length };
      }),

    /** Removes every drawing on the symbol (versions go on counting); returns the new version. */
    clear: protectedProcedure
      .input(z.object({ symbol: symbolSchema, expectedVersion }))
      .mutation(async ({ ctx, input }) => {
        const saved = await clearDrawings(
          ctx.db,
          ctx.session.user.id,
          input.symbol,
          input.expectedVersion,
        ).catch(rethrow);
        return { version: saved.version };
      }),

    /** The symbols the user has drawings on, with their counts, most recently saved first. */
    symbols: protectedProcedure.query(({ ctx }) => listDrawingSymbols(ctx.db, ctx.session.user.id)),
  });
}

export const drawingsRouter = createDrawingsRouter({
  logger: logger.child({ component: 'drawings' }),
});
