// A user's alert rules and their log of fires. Every function takes the owner's userId (from the
// session) and scopes every query by it: a rule id belonging to someone else behaves exactly like
// an id that does not exist (null / false).
//
// The definition is validated with core's alertRuleSchema here, at the last door before the
// database, so the worker can trust what it loads; symbol, interval and expiresAt are copied out of
// it into columns the worker queries by. `version` moves on every change of definition or status,
// which is what tells the worker (and open tabs) that a rule must be reloaded.
import { alertRuleSchema, describeRuleError, type AlertRule } from '@coinview/core/rules/rule';
import type { z } from 'zod';
import { type Db, Prisma } from './client';
import { assertUnderQuota, lockUserRow } from './quota';

export type AlertStatus = 'active' | 'paused' | 'triggered' | 'expired';

export interface AlertRuleWrite {
  name: string;
  /** Validated here with alertRuleSchema (AlertRuleInvalidError when it is not a valid rule). */
  definition: unknown;
  /** Message template ({{symbol}}, {{close}}, {{interval}}, {{rule}}). */
  message: string;
  notifyEmail: boolean;
  notifyInApp: boolean;
  notifyWebhook: boolean;
  /** Default false. */
  notifyTelegram?: boolean;
  /**
   * What to trade when it fires (@coinview/core/trading/order-action's schema, validated by the
   * caller); null removes it; undefined leaves it as it is (create: none).
   */
  orderAction?: unknown;
}

export interface AlertRuleView {
  id: string;
  name: string;
  symbol: string;
  interval: string;
  definition: AlertRule;
  message: string;
  notifyEmail: boolean;
  notifyInApp: boolean;
  notifyWebhook: boolean;
  notifyTelegram: boolean;
  /** The stored order action, or null when the rule only notifies. */
  orderAction: unknown;
  status: AlertStatus;
  /** Epoch ms (as all times here); null = never expires / never fired. */
  expiresAt: number | null;
  lastFiredAt: number | null;
  fireCount: number;
  version: number;
  createdAt: number;
  updatedAt: number;
}

export interface AlertDeliveryView {
  channel: 'email' | 'webhook' | 'inapp' | 'telegram';
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  lastError: string | null;
  deliveredAt: number | null;
}

export interface AlertFireView {
  id: string;
  ruleId: string;
  barTime: number;
  firedAt: number;
  trigger: string;
  price: string;
  message: string;
  values: Record<string, number>;
  deliveries: AlertDeliveryView[];
}

export interface AlertRuleDetail extends AlertRuleView {
  /** The latest fires, newest first. */
  fires: AlertFireView[];
}

/** The definition is not a valid rule; `message` says what to fix (describeRuleError). */
export class AlertRuleInvalidError extends Error {
  constructor(readonly issues: z.core.$ZodIssue[]) {
    super(describeRuleError({ issues }));
    this.name = 'AlertRuleInvalidError';
  }
}

const CHANNEL_ORDER = { email: 0, inapp: 1, webhook: 2, telegram: 3 } as const;

function toView(row: Prisma.AlertRuleGetPayload<object>): AlertRuleView {
  return {
    id: row.id,
    name: row.name,
    symbol: row.symbol,
    interval: row.interval,
    // Written only through alertRuleSchema (below).
    definition: row.definition as unknown as AlertRule,
    message: row.message,
    notifyEmail: row.notifyEmail,
    notifyInApp: row.notifyInApp,
    notifyWebhook: row.notifyWebhook,
    notifyTelegram: row.notifyTelegram,
    orderAction: row.orderAction ?? null,
    status: row.status,
    expiresAt: row.expiresAt?.getTime() ?? null,
    lastFiredAt: row.lastFiredAt?.getTime() ?? null,
    fireCount: row.fireCount,
    version: row.version,
    createdAt: row.createdAt.getTime(),
    updatedAt: row.updatedAt.getTime(),
  };
}

const fireInclude = {
  deliveries: {
    select: { channel: true, status: true, attempts: true, lastError: true, deliveredAt: true },
  },
} satisfies Prisma.AlertFireInclude;

function toFire(row: Prisma.AlertFireGetPayload<{ include: typeof fireInclude }>): AlertFireView {
  return {
    id: row.id,
    ruleId: row.ruleId,
    barTime: row.barTime.getTime(),
    firedAt: row.firedAt.getTime(),
    trigger: row.trigger,
    price: row.price,
    message: row.message,
    values: row.values as Record<string, number>,
    deliveries: row.deliveries
      .map((d) => ({
        channel: d.channel,
        status: d.status,
        attempts: d.attempts,
        lastError: d.lastError,
        deliveredAt: d.deliveredAt?.getTime() ?? null,
      }))
      .sort((a, b) => CHANNEL_ORDER[a.channel] - CHANNEL_ORDER[b.channel]),
  };
}

function parseDefinition(definition: unknown): AlertRule {
  const parsed = alertRuleSchema.safeParse(definition);
  if (!parsed.success) throw new AlertRuleInvalidError(parsed.error.issues);
  return parsed.data;
}

function columns(input: AlertRuleWrite) {
  const rule = parseDefinition(input.definition);
  return {
    name: input.name,
    symbol: rule.symbol,
    interval: rule.interval,
    definition: rule as unknown as Prisma.InputJsonObject,
    message: input.message,
    notifyEmail: input.notifyEmail,
    notifyInApp: input.notifyInApp,
    notifyWebhook: input.notifyWebhook,
    ...(input.notifyTelegram !== undefined ? { notifyTelegram: input.notifyTelegram } : {}),
    ...(input.orderAction !== undefined
      ? {
          orderAction:
            input.orderAction === null
              ? Prisma.DbNull
              : (input.orderAction as Prisma.InputJsonValue),
        }
      : {}),
    expiresAt: rule.expiresAt === null ? null : new Date(rule.expiresAt),
  };
}

/** The user's alerts, newest first. */
export async function listAlertRules(db: Db, userId: string): Promise<AlertRuleView[]> {
  const rows = await db.alertRule.findMany({
    where: { userId },
    orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
  });
  return rows.map(toView);
}

/** One alert with its latest `fireLimit` fires and each fire's deliveries; null if not the user's. */
export async function getAlertRule(
  db: Db,
  userId: string,
  id: string,
  opts: { fireLimit?: number } = {},
): Promise<AlertRuleDetail | null> {
  const row = await db.alertRule.findFirst({
    where: { id, userId },
    include: {
      fires: {
        orderBy: [{ barTime: 'desc' }, { id: 'asc' }],
        take: opts.fireLimit ?? 20,
        include: fireInclude,
      },
    },
  });
  if (!row) return null;
  return { ...toView(row), fires: row.fires.map(toFire) };
}

/** A page of one alert's fires, newest first (`before`: bar open time, exclusive); null if not the user's. */
export async function listAlertFires(
  db: Db,
  userId: string,
  ruleId: string,
  opts: { limit: number; before?: number },
): Promise<AlertFireView[] | null> {
  const rule = await db.alertRule.findFirst({
    where: { id: ruleId, userId },
    select: { id: true },
  });
  if (!rule) return null;
  const rows = await db.alertFire.findMany({
    where: {
      ruleId,
      userId,
      ...(opts.before === undefined ? {} : { barTime: { lt: new Date(opts.before) } }),
    },
    orderBy: [{ barTime: 'desc' }, { id: 'asc' }],
    take: opts.limit,
    include: fireInclude,
  });
  return rows.map(toFire);
}

export async function createAlertRule(
  db: Db,
  userId: string,
  input: AlertRuleWrite,
): Promise<AlertRuleView> {
  const row = await db.$transaction(async (tx) => {
    await lockUserRow(tx, userId);
    assertUnderQuota('alertRules', await tx.alertRule.count({ where: { userId } }));
    return tx.alertRule.create({ data: { userId, ...columns(input) } });
  });
  return toView(row);
}

/**
 * Replaces an alert's definition and delivery choices. A triggered or expired alert is re-armed
 * (edited means "watch this again"); a paused one stays paused.
 */
export async function updateAlertRule(
  db: Db,
  userId: string,
  id: string,
  input: AlertRuleWrite,
): Promise<AlertRuleView | null> {
  const data = columns(input);
  return db.$transaction(async (tx) => {
    const current = await tx.alertRule.findFirst({
      where: { id, userId },
      select: { status: true },
    });
    if (!current) return null;
    const status: AlertStatus = current.status === 'paused' ? 'paused' : 'active';
    const row = await tx.alertRule.update({
      where: { id },
      data: { ...data, status, version: { increment: 1 } },
    });
    return toView(row);
  });
}

async function moveStatus(
  db: Db,
  userId: string,
  id: string,
  from: AlertStatus[],
  to: AlertStatus,
): Promise<AlertRuleView | null> {
  // Conditional update: a pause racing the worker's "triggered" never resurrects the rule.
  await db.alertRule.updateMany({
    where: { id, userId, status: { in: from } },
    data: { status: to, version: { increment: 1 } },
  });
  const row = await db.alertRule.findFirst({ where: { id, userId } });
  return row ? toView(row) : null;
}

/** Stops an active alert from being evaluated. Pausing a paused/triggered/expired one changes nothing. */
export function pauseAlertRule(db: Db, userId: string, id: string): Promise<AlertRuleView | null> {
  return moveStatus(db, userId, id, ['active'], 'paused');
}

/** Re-arms a paused, triggered or expired alert. */
export function resumeAlertRule(db: Db, userId: string, id: string): Promise<AlertRuleView | null> {
  return moveStatus(db, userId, id, ['paused', 'triggered', 'expired'], 'active');
}

/** Deletes an alert with its fires and deliveries; false when it is not the user's. */
export async function deleteAlertRule(db: Db, userId: string, id: string): Promise<boolean> {
  const { count } = await db.alertRule.deleteMany({ where: { id, userId } });
  return count > 0;
}
