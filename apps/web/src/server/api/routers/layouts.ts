// The signed-in user's saved chart layouts. Every procedure is scoped to ctx.session.user.id: an id
// belonging to another user answers NOT_FOUND, exactly like an id that does not exist.
import {
  describeLayoutStateError,
  layoutNameSchema,
  layoutStateSchema,
} from '@coinview/core/layout';
import {
  createLayout,
  deleteLayout,
  getLayout,
  LayoutNameTakenError,
  LayoutVersionConflictError,
  listLayouts,
  openLastLayout,
  openLayout,
  renameLayout,
  saveLayoutState,
  setDefaultLayout,
} from '@coinview/db/layouts';
import { QuotaExceededError } from '@coinview/db/quota';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { createTRPCRouter, fieldError, protectedProcedure } from '../trpc';

const layoutId = z.string().min(1).max(64);
const byId = z.object({ id: layoutId });

/**
 * layoutStateSchema, but a bad state is reported as one issue on `state` whose message names the
 * offending path ("indicators.1.colors.upper: a colour as #rrggbb…"): the client's flattened
 * zodError keeps only top-level keys, which would hide where in the state the problem is. Same
 * accepted input and output as layoutStateSchema, hence the cast (it keeps the client's types).
 */
const stateInput = z.unknown().transform((value, ctx) => {
  const result = layoutStateSchema.safeParse(value);
  if (result.success) return result.data;
  ctx.addIssue({ code: 'custom', message: describeLayoutStateError(result.error), input: value });
  return z.NEVER;
}) as unknown as typeof layoutStateSchema;

function notFound(): never {
  throw new TRPCError({ code: 'NOT_FOUND', message: 'No such layout.' });
}

function found<T>(value: T | null): T {
  return value ?? notFound();
}

/** Domain errors → what the client can act on (a field error, a reload prompt). */
function rethrow(err: unknown): never {
  if (err instanceof QuotaExceededError)
    throw new TRPCError({ code: 'FORBIDDEN', message: err.message, cause: err });
  if (err instanceof LayoutNameTakenError)
    throw new TRPCError({
      code: 'CONFLICT',
      message: err.message,
      cause: fieldError('name', err.message),
    });
  if (err instanceof LayoutVersionConflictError)
    throw new TRPCError({
      code: 'CONFLICT',
      message: `${err.message}. Reload the layout before saving again.`,
      cause: err,
    });
  throw err;
}

export const layoutsRouter = createTRPCRouter({
  /** The user's layouts, most recently changed first, without their state. */
  list: protectedProcedure.query(({ ctx }) => listLayouts(ctx.db, ctx.session.user.id)),

  get: protectedProcedure
    .input(byId)
    .query(async ({ ctx, input }) => found(await getLayout(ctx.db, ctx.session.user.id, input.id))),

  /** Saves the current chart as a new layout, which becomes the last opened one. */
  create: protectedProcedure
    .input(
      z.object({
        name: layoutNameSchema,
        state: stateInput,
        isDefault: z.boolean().optional(),
      }),
    )
    .mutation(({ ctx, input }) => createLayout(ctx.db, ctx.session.user.id, input).catch(rethrow)),

  rename: protectedProcedure
    .input(z.object({ id: layoutId, name: layoutNameSchema }))
    .mutation(async ({ ctx, input }) =>
      found(await renameLayout(ctx.db, ctx.session.user.id, input.id, input.name).catch(rethrow)),
    ),

  /** Autosave: writes only over `expectedVersion`; returns the new version. */
  save: protectedProcedure
    .input(
      z.object({
        id: layoutId,
        state: stateInput,
        // A Postgres int: anything larger cannot be a version we handed out.
        expectedVersion: z.number().int().positive().max(2_147_483_647),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const saved = found(
        await saveLayoutState(ctx.db, ctx.session.user.id, input.id, {
          state: input.state,
          expectedVersion: input.expectedVersion,
        }).catch(rethrow),
      );
      return { id: saved.id, version: saved.version, updatedAt: saved.updatedAt };
    }),

  remove: protectedProcedure.input(byId).mutation(async ({ ctx, input }) => {
    if (!(await deleteLayout(ctx.db, ctx.session.user.id, input.id))) notFound();
    return { id: input.id };
  }),

  /** Makes the layout the user's only default; `id: null` leaves the user without one. */
  setDefault: protectedProcedure
    .input(z.object({ id: layoutId.nullable() }))
    .mutation(async ({ ctx, input }) => {
      const layout = await setDefaultLayout(ctx.db, ctx.session.user.id, input.id);
      if (input.id !== null && !layout) notFound();
      return { defaultId: layout?.id ?? null };
    }),

  /** Switches to a layout: returns it with its state and remembers it as the last opened. */
  open: protectedProcedure
    .input(byId)
    .mutation(async ({ ctx, input }) =>
      found(await openLayout(ctx.db, ctx.session.user.id, input.id)),
    ),

  /** On start: the last opened layout, else the default, else null (use defaultLayoutState()). */
  openLast: protectedProcedure.mutation(({ ctx }) => openLastLayout(ctx.db, ctx.session.user.id)),
});
