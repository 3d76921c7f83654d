// Shared by the rule engine's tests: rows written as the web writes them (plus what a test needs to
// control, like updatedAt in the sim's time), and the offline check the live fires are held to.
import { type Candle, toChartBar } from '@coinview/core/candle';
import { Rsi } from '@coinview/core/indicators/rsi';
import type { AlertRuleInput } from '@coinview/core/rules/rule';
import type { Db } from '@coinview/db/client';

let users = 0;

export async function createUser(db: Db): Promise<string> {
  const user = await db.user.create({
    data: { email: `trader${++users}-${Date.now()}@example.test` },
    select: { id: true },
  });
  return user.id;
}

export interface RuleRowInput {
  userId: string;
  /** Anything: malformed definitions are written as given. */
  definition: AlertRuleInput | Record<string, unknown>;
  /** Epoch ms; the engine reads it as "the rule is as it is since". Default: the database's now. */
  updatedAt?: number;
  status?: 'active' | 'paused' | 'triggered' | 'expired';
  message?: string;
  notifyEmail?: boolean;
  notifyInApp?: boolean;
  notifyWebhook?: boolean;
  notifyTelegram?: boolean;
}

export async function insertRule(db: Db, input: RuleRowInput): Promise<string> {
  const def = input.definition as { symbol?: unknown; interval?: unknown };
  const row = await db.alertRule.create({
    data: {
      userId: input.userId,
      name: 'test rule',
      symbol: typeof def.symbol === 'string' ? def.symbol : 'BTCUSDT',
      interval: typeof def.interval === 'string' ? def.interval : '1m',
      // tsc needs this cast (Record<string, unknown> is not Prisma JSON); the lint's view of the
      // generated Prisma types in this package does not, so it would call it unnecessary.
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
      definition: input.definition as object,
      message: input.message ?? '',
      notifyEmail: input.notifyEmail ?? true,
      notifyInApp: input.notifyInApp ?? true,
      notifyWebhook: input.notifyWebhook ?? false,
      notifyTelegram: input.notifyTelegram ?? false,
      status: input.status ?? 'active',
    },
    select: { id: true },
  });
  if (input.updatedAt !== undefined) await setUpdatedAt(db, row.id, input.updatedAt);
  return row.id;
}

export async function setUpdatedAt(db: Db, id: string, at: number): Promise<void> {
  await db.$executeRaw`UPDATE "AlertRule" SET "updatedAt" = ${new Date(at)} WHERE "id" = ${id}`;
}

export function rsiCrossesBelow(symbol: string, level = 30, period = 14): AlertRuleInput {
  return {
    symbol,
    interval: '1m',
    condition: {
      op: 'crosses-below',
      left: { kind: 'indicator', id: 'rsi', params: { period }, output: 'value' },
      right: { kind: 'value', value: level },
    },
    trigger: 'bar-close',
    frequency: 'once-per-bar-close',
  };
}

/** Open times of the bars on which RSI(period) of the closes crosses below `level`, computed
 *  independently of the rule engine over the candles given (oldest first, contiguous). */
export function offlineRsiCrossings(candles: readonly Candle[], level = 30, period = 14) {
  const rsi = new Rsi({ period, source: 'close' }).compute(candles.map((c) => toChartBar(c)));
  const out: { openTime: number; rsi: number }[] = [];
  for (let i = 1; i < candles.length; i++) {
    const before = rsi[i - 1];
    const now = rsi[i];
    if (before == null || now == null) continue;
    if (before >= level && now < level) out.push({ openTime: candles[i]!.openTime, rsi: now });
  }
  return out;
}

export async function firesOf(db: Db, ruleId: string) {
  const rows = await db.alertFire.findMany({
    where: { ruleId },
    orderBy: { barTime: 'asc' },
    select: { barTime: true, trigger: true, price: true, message: true, values: true, id: true },
  });
  return rows.map((r) => ({ ...r, barTime: r.barTime.getTime() }));
}
