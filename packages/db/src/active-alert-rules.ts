// Alert rules as the worker's rule engine reads them: every user's active rules at once (the
// engine evaluates them all), each with the newest bar it fired on. The user-scoped API the web
// uses is ./alert-rules.ts. Definitions come back unparsed: the engine parses them itself and
// skips a row that no longer parses.
import type { Db } from './client';

/** The columns of an AlertRule row the engine needs, definition still unparsed. */
export interface AlertRuleRow {
  id: string;
  userId: string;
  name: string;
  status: string;
  definition: unknown;
  message: string;
  notifyEmail: boolean;
  notifyInApp: boolean;
  notifyWebhook: boolean;
  notifyTelegram: boolean;
  version: number;
  /** Epoch ms: when the row last changed — an edit, a pause/resume, or recording a fire. */
  updatedAt: number;
  /** Epoch ms: when the rule last fired (set by recordFire, in the same statement as updatedAt). */
  lastFiredAt?: number;
  /** Epoch ms, open time of the newest bar the rule fired on (undefined: never fired). */
  lastFiredBar?: number;
}

const SELECT = {
  id: true,
  userId: true,
  name: true,
  status: true,
  definition: true,
  message: true,
  notifyEmail: true,
  notifyInApp: true,
  notifyWebhook: true,
  notifyTelegram: true,
  version: true,
  updatedAt: true,
  lastFiredAt: true,
} as const;

/** Every active rule, of every user, ordered by id. */
export async function listActiveAlertRuleRows(db: Db): Promise<AlertRuleRow[]> {
  const rows = await db.alertRule.findMany({
    where: { status: 'active' },
    select: SELECT,
    orderBy: { id: 'asc' },
  });
  const fired = await lastFiredBars(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toRow(r, fired.get(r.id)));
}

/** The rule's current row whatever its status; null when it no longer exists. */
export async function loadAlertRuleRow(db: Db, id: string): Promise<AlertRuleRow | null> {
  const row = await db.alertRule.findUnique({ where: { id }, select: SELECT });
  if (!row) return null;
  const fired = await lastFiredBars(db, [id]);
  return toRow(row, fired.get(id));
}

/** Active rule id → version (cheap: the engine's periodic resync compares it with what it holds). */
export async function activeAlertRuleVersions(db: Db): Promise<Map<string, number>> {
  const rows = await db.alertRule.findMany({
    where: { status: 'active' },
    select: { id: true, version: true },
  });
  return new Map(rows.map((r) => [r.id, r.version]));
}

/** Marks rules past their expiry as expired (only rules still active move). */
export async function markAlertRulesExpired(db: Db, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.alertRule.updateMany({
    where: { id: { in: [...ids] }, status: 'active' },
    data: { status: 'expired', version: { increment: 1 } },
  });
}

/** Newest fired bar per rule: one indexed lookup on the unique (ruleId, barTime) key. */
async function lastFiredBars(db: Db, ids: string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = await db.$queryRaw<{ ruleId: string; bar: string }[]>`
    SELECT "ruleId", (extract(epoch FROM max("barTime")) * 1000)::bigint::text AS bar
    FROM "AlertFire" WHERE "ruleId" = ANY(${ids}) GROUP BY "ruleId"`;
  return new Map(rows.map((r) => [r.ruleId, Number(r.bar)]));
}

type SelectedRow = Omit<AlertRuleRow, 'updatedAt' | 'lastFiredAt' | 'lastFiredBar'> & {
  updatedAt: Date;
  lastFiredAt: Date | null;
};

function toRow(row: SelectedRow, lastFiredBar: number | undefined): AlertRuleRow {
  return {
    ...row,
    updatedAt: row.updatedAt.getTime(),
    lastFiredAt: row.lastFiredAt?.getTime(),
    lastFiredBar,
  };
}
