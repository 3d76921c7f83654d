// The signed-in user's alert rules. Every procedure is scoped to ctx.session.user.id: another
// user's rule id answers NOT_FOUND, exactly like an id that does not exist. Every change is
// published on the bus (`alert-rules`) so the worker reloads that rule without a restart.
import { epochMsSchema } from '@coinview/core/epoch-ms';
import type { EventPublisher } from '@coinview/core/ports';
import { DEFAULT_ALERT_TEMPLATE, describeRule } from '@coinview/core/rules/message';
import {
  alertRuleSchema,
  describeRuleError,
  flattenRuleIssues,
  type AlertRule,
} from '@coinview/core/rules/rule';
import {
  createAlertRule,
  deleteAlertRule,
  getAlertRule,
  listAlertFires,
  listAlertRules,
  pauseAlertRule,
  resumeAlertRule,
  updateAlertRule,
  type AlertRuleView,
} from '@coinview/db/alert-rules';
import { ALERT_RULES_TOPIC } from '@coinview/db/bus-topics';
import type { Db } from '@coinview/db/client';
import { getExchangeKey } from '@coinview/db/exchange-keys';
import { orderActionSchema, type OrderAction } from '@coinview/core/trading/order-action';
import { QuotaExceededError } from '@coinview/db/quota';
import { getNotificationSettings } from '@coinview/db/notification-settings';
import { TRPCError } from '@trpc/server';
import { z, ZodRealError } from 'zod';
import { getBus } from '~/server/db';
import { logger } from '~/server/logger';
import { createTRPCRouter, protectedProcedure } from '../trpc';

const ruleId = z.string().min(1).max(64);
const byId = z.object({ id: ruleId });

export const alertInput = z.object({
  /** Empty: named after the rule ("BTCUSDT 1h: RSI 14 crosses below 30"). */
  name: z.string().trim().max(120, 'At most 120 characters').default(''),
  /** Validated with core's alertRuleSchema in the procedure, so errors land on their fields. */
  definition: z.unknown(),
  /** Empty: the user's default template, else DEFAULT_ALERT_TEMPLATE. */
  message: z.string().trim().max(2000, 'At most 2000 characters').default(''),
  notifyEmail: z.boolean().default(true),
  notifyInApp: z.boolean().default(true),
  notifyWebhook: z.boolean().default(false),
  notifyTelegram: z.boolean().default(false),
  /**
   * What to trade when it fires (core's orderActionSchema, checked in the procedure so errors land
   * on their fields); null or absent: the alert only notifies.
   */
  orderAction: z.unknown().optional(),
});
type AlertInput = z.infer<typeof alertInput>;

/**
 * The rule, or a BAD_REQUEST whose message is describeRuleError's and whose zodError has one
 * field per problem keyed by its path in the rule ("condition.left.params.period"): the form
 * shows each message next to the input it belongs to.
 */
function parseRule(definition: unknown): AlertRule {
  const parsed = alertRuleSchema.safeParse(definition);
  if (parsed.success) return parsed.data;
  const issues = flattenRuleIssues(parsed.error.issues);
  throw new TRPCError({
    code: 'BAD_REQUEST',
    message: describeRuleError({ issues }),
    cause: new ZodRealError(
      issues.map((issue) => ({
        code: 'custom' as const,
        path: [issue.path.length ? issue.path.join('.') : 'definition'],
        message: issue.message,
        input: undefined,
      })),
    ),
  });
}

/** The order action, or a BAD_REQUEST with one field error per problem ("orderAction.amount.value"). */
async function parseOrderAction(
  db: Db,
  userId: string,
  action: unknown,
): Promise<OrderAction | null> {
  if (action === null || action === undefined) return null;
  const parsed = orderActionSchema.safeParse(action);
  if (!parsed.success)
    throw new TRPCError({
      code: 'BAD_REQUEST',
      message: `Order action: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
      cause: new ZodRealError(
        parsed.error.issues.map((issue) => ({
          code: 'custom' as const,
          path: [['orderAction', ...issue.path].join('.')],
          message: issue.message,
          input: undefined,
        })),
      ),
    });
  const account = parsed.data.account;
  // A key of someone else is refused exactly like one that does not exist.
  if (account.kind === 'binance' && !(await getExchangeKey(db, userId, account.keyId)))
    throw new TRPCError({
      code: 'BAD_REQUEST',
      message: 'That exchange key does not exist. Choose another account.',
      cause: new ZodRealError([
        {
          code: 'custom',
          path: ['orderAction.account'],
          message: 'That exchange key does not exist',
          input: undefined,
        },
      ]),
    });
  return parsed.data;
}

function withDescription<T extends AlertRuleView>(rule: T): T & { description: string } {
  return { ...rule, description: describeRule(rule.definition) };
}

function notFound(): never {
  throw new TRPCError({ code: 'NOT_FOUND', message: 'No such alert.' });
}

/** The account is at its alert quota: said in words the dialog shows as is. */
function quotaError(err: unknown): never {
  if (err instanceof QuotaExceededError)
    throw new TRPCError({ code: 'FORBIDDEN', message: err.message, cause: err });
  throw err;
}

export interface AlertsRouterDeps {
  getBus: () => Promise<EventPublisher>;
}

export function createAlertsRouter(deps: AlertsRouterDeps) {
  const log = logger.child({ component: 'alerts' });

  /** Tells the worker to reload the rule. The change is saved either way, so a bus hiccup is logged, not thrown. */
  async function announce(userId: string, id: string): Promise<void> {
    try {
      await (await deps.getBus()).publish(ALERT_RULES_TOPIC, { ruleId: id, userId });
    } catch (err) {
      log.error({ err, ruleId: id }, 'could not publish the alert change to the worker');
    }
  }

  async function toWrite(db: Db, userId: string, input: AlertInput) {
    const rule = parseRule(input.definition);
    let message = input.message;
    if (!message)
      message =
        (await getNotificationSettings(db, userId)).defaultTemplate ?? DEFAULT_ALERT_TEMPLATE;
    const name =
      input.name || `${rule.symbol} ${rule.interval}: ${describeRule(rule)}`.slice(0, 120);
    const orderAction = await parseOrderAction(db, userId, input.orderAction);
    return {
      name,
      definition: rule,
      message,
      notifyEmail: input.notifyEmail,
      notifyInApp: input.notifyInApp,
      notifyWebhook: input.notifyWebhook,
      notifyTelegram: input.notifyTelegram,
      orderAction,
    };
  }

  return createTRPCRouter({
    /** The user's alerts, newest first, each with its one-line description. */
    list: protectedProcedure.query(async ({ ctx }) =>
      (await listAlertRules(ctx.db, ctx.session.user.id)).map(withDescription),
    ),

    /** One alert with its latest fires and their deliveries. */
    get: protectedProcedure
      .input(byId.extend({ fireLimit: z.number().int().min(1).max(100).default(20) }))
      .query(async ({ ctx, input }) => {
        const rule = await getAlertRule(ctx.db, ctx.session.user.id, input.id, {
          fireLimit: input.fireLimit,
        });
        return withDescription(rule ?? notFound());
      }),

    /** A page of an alert's fires, newest first; `before` = a bar open time (ms) to page back from. */
    fires: protectedProcedure
      .input(
        byId.extend({
          limit: z.number().int().min(1).max(200).default(50),
          before: epochMsSchema.optional(),
        }),
      )
      .query(async ({ ctx, input }) => {
        const fires = await listAlertFires(ctx.db, ctx.session.user.id, input.id, input);
        return fires ?? notFound();
      }),

    create: protectedProcedure.input(alertInput).mutation(async ({ ctx, input }) => {
      const userId = ctx.session.user.id;
      const rule = await createAlertRule(
        ctx.db,
        userId,
        await toWrite(ctx.db, userId, input),
      ).catch(quotaError);
      await announce(userId, rule.id);
      return withDescription(rule);
    }),

    update: protectedProcedure
      .input(alertInput.extend({ id: ruleId }))
      .mutation(async ({ ctx, input }) => {
        const userId = ctx.session.user.id;
        const rule = await updateAlertRule(
          ctx.db,
          userId,
          input.id,
          await toWrite(ctx.db, userId, input),
        );
        if (!rule) notFound();
        await announce(userId, rule.id);
        return withDescription(rule);
      }),

    pause: protectedProcedure.input(byId).mutation(async ({ ctx, input }) => {
      const rule = await pauseAlertRule(ctx.db, ctx.session.user.id, input.id);
      if (!rule) notFound();
      await announce(ctx.session.user.id, rule.id);
      return withDescription(rule);
    }),

    resume: protectedProcedure.input(byId).mutation(async ({ ctx, input }) => {
      const rule = await resumeAlertRule(ctx.db, ctx.session.user.id, input.id);
      if (!rule) notFound();
      await announce(ctx.session.user.id, rule.id);
      return withDescription(rule);
    }),

    remove: protectedProcedure.input(byId).mutation(async ({ ctx, input }) => {
      if (!(await deleteAlertRule(ctx.db, ctx.session.user.id, input.id))) notFound();
      await announce(ctx.session.user.id, input.id);
      return { id: input.id };
    }),
  });
}

export const alertsRouter = createAlertsRouter({ getBus });
