// The signed-in user's backtests: create one (a worker job runs it), list, read one with its
// result, page through its candles for the result chart, cancel, delete, and `live`, the status
// and progress of the user's runs as the worker publishes them. Scoped to ctx.session.user.id
// everywhere: another user's run answers NOT_FOUND exactly like one that does not exist.
import { strategySchema, type Strategy } from '@coinview/core/backtest/strategy';
import { parseSweep, type Sweep } from '@coinview/core/backtest/sweep';
import { walkForwardSchema, type WalkForward } from '@coinview/core/backtest/walk-forward';
import { toChartBar, type ChartBar } from '@coinview/core/candle';
import { epochMsSchema } from '@coinview/core/epoch-ms';
import { intervalMs } from '@coinview/core/interval';
import type { EventPublisher, EventSubscriber } from '@coinview/core/ports';
import { describeRuleError, flattenRuleIssues } from '@coinview/core/rules/rule';
import {
  BacktestLimitError,
  cancelBacktestRun,
  createBacktestRun,
  deleteBacktestRun,
  getBacktestRun,
  getBacktestRunMarket,
  listBacktestRuns,
  type BacktestKind,
} from '@coinview/db/backtests';
import { type BacktestEvent, backtestEventSchema, backtestTopic } from '@coinview/db/bus-topics';
import { listCandles } from '@coinview/db/candles';
import type { Db } from '@coinview/db/client';
import { TRPCError } from '@trpc/server';
import { z, ZodRealError } from 'zod';
import { getBus } from '~/server/db';
import { coalescingBuffer, listenThenCatchUp } from '~/server/live/catch-up';
import { logger } from '~/server/logger';
import { getSubscriptionSlots, type SubscriptionSlots } from '../subscription-slots';
import { createTRPCRouter, protectedProcedure } from '../trpc';

/** The most bars one backtest may cover (a year of 1m bars is 525,600). */
export const MAX_BACKTEST_BARS = 600_000;
/** The most bars one `candles` call returns. */
export const MAX_CANDLES_PAGE = 1000;

const log = logger.child({ component: 'backtests' });

const runId = z.string().min(1).max(64);
const byId = z.object({ id: runId });

export const backtestInput = z.object({
  /** Absent: named after the market and the range ("BTCUSDT 1h · 2025-01-01 → 2025-06-30"). */
  name: z
    .string()
    .trim()
    .min(1, 'The name cannot be empty')
    .max(80, 'At most 80 characters')
    .optional(),
  /** Validated with core's strategySchema in the procedure, so errors land on their fields. */
  strategy: z.unknown(),
  from: epochMsSchema,
  to: epochMsSchema,
});
type BacktestInput = z.infer<typeof backtestInput>;

export const sweepInput = backtestInput.extend({
  /** Core's sweepSchema, checked against the strategy in the procedure. */
  sweep: z.unknown(),
  /** Core's walkForwardSchema; null or absent: no walk-forward. */
  walkForward: z.unknown().optional(),
});

const badRequest = (message: string) => new TRPCError({ code: 'BAD_REQUEST', message });

/** The sweep (its paths checked against the strategy) and walk-forward; throws BAD_REQUEST. */
function parseSweepInput(
  input: z.infer<typeof sweepInput>,
  strategy: Strategy,
): { sweep: Sweep; walkForward: WalkForward | null } {
  let sweep: Sweep;
  try {
    sweep = parseSweep(input.sweep, strategy);
  } catch (err) {
    throw badRequest(err instanceof Error ? err.message : String(err));
  }
  if (input.walkForward === undefined || input.walkForward === null)
    return { sweep, walkForward: null };
  const wf = walkForwardSchema.safeParse(input.walkForward);
  if (!wf.success) throw badRequest(`Walk-forward: ${describeRuleError(wf.error)}`);
  return { sweep, walkForward: wf.data };
}

/** The strategy, or a BAD_REQUEST worded like the alert rules' errors, one field per problem. */
function parseStrategy(input: unknown): Strategy {
  const parsed = strategySchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issues = flattenRuleIssues(parsed.error.issues);
  throw new TRPCError({
    code: 'BAD_REQUEST',
    message: describeRuleError({ issues }),
    cause: new ZodRealError(
      issues.map((issue) => ({
        code: 'custom' as const,
        path: [['strategy', ...issue.path].join('.')],
        message: issue.message,
        input: undefined,
      })),
    ),
  });
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Checks the range and the strategy, and names the run; throws BAD_REQUEST. */
export function checkBacktestInput(input: BacktestInput): {
  name: string;
  strategy: Strategy;
} {
  if (input.from >= input.to) throw badRequest('The start must be before the end.');
  const strategy = parseStrategy(input.strategy);
  // Bars opening in [from, to]: ⌊(to − from) ÷ bar⌋ + 1.
  const bars = Math.floor((input.to - input.from) / intervalMs(strategy.interval, input.from)) + 1;
  if (bars > MAX_BACKTEST_BARS)
    throw badRequest(
      `That range holds ${bars.toLocaleString('en-US')} ${strategy.interval} bars; a backtest covers at most ${MAX_BACKTEST_BARS.toLocaleString('en-US')}. Shorten the range or pick a longer interval.`,
    );
  const name =
    input.name ?? `${strategy.symbol} ${strategy.interval} · ${day(input.from)} → ${day(input.to)}`;
  return { name, strategy };
}

/** Creates the run; a limit becomes BAD_REQUEST (saved runs) or TOO_MANY_REQUESTS (running). */
export async function createRun(
  db: Db,
  userId: string,
  kind: BacktestKind,
  input: BacktestInput,
  parseExtra: (strategy: Strategy) => {
    sweep?: Sweep;
    walkForward?: WalkForward | null;
  } = () => ({}),
): Promise<{ id: string }> {
  const { name, strategy } = checkBacktestInput(input);
  const extra = parseExtra(strategy);
  try {
    return await createBacktestRun(db, userId, {
      name,
      kind,
      symbol: strategy.symbol,
      interval: strategy.interval,
      from: input.from,
      to: input.to,
      strategy,
      ...extra,
    });
  } catch (err) {
    if (err instanceof BacktestLimitError)
      throw new TRPCError({
        code: err.kind === 'active' ? 'TOO_MANY_REQUESTS' : 'BAD_REQUEST',
        message: err.message,
        cause: err,
      });
    throw err;
  }
}

const notFound = () => new TRPCError({ code: 'NOT_FOUND', message: 'No such backtest.' });

export interface BacktestsRouterDeps {
  getBus: () => Promise<EventPublisher & EventSubscriber>;
  getSlots?: () => SubscriptionSlots;
}

export function createBacktestsRouter(deps: BacktestsRouterDeps) {
  /** Tells the user's tabs (best effort: the row is the truth, a tab re-reads it). */
  const announce = async (userId: string, event: BacktestEvent) => {
    try {
      await (await deps.getBus()).publish(backtestTopic(userId), event);
    } catch (err) {
      log.warn({ err, runId: event.id }, 'backtest event not published');
    }
  };
  const cancel = async (db: Db, userId: string, id: string) => {
    const run = await cancelBacktestRun(db, userId, id);
    if (!run) throw notFound();
    if (run.cancelled)
      await announce(userId, { id, status: run.status, progress: run.progress, stage: null });
    return run;
  };

  return createTRPCRouter({
    create: protectedProcedure
      .input(backtestInput)
      .mutation(({ ctx, input }) => createRun(ctx.db, ctx.session.user.id, 'single', input)),

    /** A parameter sweep (and walk-forward) over the strategy: worker jobs split into parts. */
    createSweep: protectedProcedure
      .input(sweepInput)
      .mutation(({ ctx, input }) =>
        createRun(ctx.db, ctx.session.user.id, 'sweep', input, (strategy) =>
          parseSweepInput(input, strategy),
        ),
      ),

    /** The user's runs, newest first (at most 200), without their results. */
    list: protectedProcedure
      .input(z.object({}).default({}))
      .query(({ ctx }) => listBacktestRuns(ctx.db, ctx.session.user.id)),

    get: protectedProcedure.input(byId).query(async ({ ctx, input }) => {
      const run = await getBacktestRun(ctx.db, ctx.session.user.id, input.id);
      if (!run) throw notFound();
      return run;
    }),

    /** The run's bars (its market, inside [from, to]): the newest `limit` before `before`. */
    candles: protectedProcedure
      .input(
        z.object({
          id: runId,
          before: epochMsSchema.optional(),
          limit: z.number().int().min(1).max(MAX_CANDLES_PAGE).default(MAX_CANDLES_PAGE),
        }),
      )
      .query(async ({ ctx, input }): Promise<ChartBar[]> => {
        const run = await getBacktestRunMarket(ctx.db, ctx.session.user.id, input.id);
        if (!run) throw notFound();
        const before = Math.min(input.before ?? Number.MAX_SAFE_INTEGER, run.to + 1);
        const candles = await listCandles(ctx.db, {
          symbol: run.symbol,
          interval: run.interval,
          before,
          limit: input.limit,
        });
        return candles.filter((c) => c.openTime >= run.from).map(toChartBar);
      }),

    /** Cancels an unfinished run; a finished one is left as it is. */
    cancel: protectedProcedure.input(byId).mutation(async ({ ctx, input }) => {
      const run = await cancel(ctx.db, ctx.session.user.id, input.id);
      return { status: run.status };
    }),

    /** Deletes the run (cancelling it first when it is not finished). */
    delete: protectedProcedure.input(byId).mutation(async ({ ctx, input }) => {
      const userId = ctx.session.user.id;
      await cancel(ctx.db, userId, input.id);
      if (!(await deleteBacktestRun(ctx.db, userId, input.id))) throw notFound();
      return { id: input.id };
    }),

    /**
     * Status and progress of the user's runs as the worker records them (`{ id, status,
     * progress, stage }`); a burst for one run leaves only its newest state waiting. A tab
     * re-reads the list when the subscription (re)starts, so there is nothing to catch up.
     */
    live: protectedProcedure
      .input(z.object({ lastEventId: z.string().max(64).nullish() }).default({}))
      .subscription(async function* ({ ctx, signal }) {
        const userId = ctx.session.user.id;
        const release = (deps.getSlots ?? getSubscriptionSlots)().acquire(userId);
        try {
          const bus = await deps.getBus();
          yield* listenThenCatchUp<BacktestEvent, BacktestEvent>({
            listen: (push) =>
              bus.subscribe(backtestTopic(userId), (payload) => {
                const event = backtestEventSchema.safeParse(payload);
                if (event.success) push(event.data);
              }),
            buffer: coalescingBuffer((last, next) => last.id === next.id),
            signal,
          });
        } finally {
          release();
        }
      }),
  });
}

export const backtestsRouter = createBacktestsRouter({ getBus });
