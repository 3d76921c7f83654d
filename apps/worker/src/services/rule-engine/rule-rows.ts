// Where the rule engine reads alert rules from: the AlertRule table. Definitions were validated by
// the web before they were stored, but are parsed again here (a schema change, a hand-edited row):
// a row that no longer parses is reported as such and skipped by the engine, never thrown.
import { nextBarOpen } from '@coinview/core/interval';
import { type AlertRule, alertRuleSchema, describeRuleError } from '@coinview/core/rules/rule';
import type { Db } from '@coinview/db/client';

/** The columns of an AlertRule row the engine needs, definition still unparsed. */
export interface RuleRow {
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

/** A rule the engine evaluates. */
export interface LoadedRule extends Omit<RuleRow, 'definition'> {
  rule: AlertRule;
  /** Bars ending at or before this (epoch ms) are not evaluated for the rule (see README). */
  effectiveFrom: number;
}

export type ParsedRow = { ok: true; rule: LoadedRule } | { ok: false; error: string };

export function parseRuleRow(row: RuleRow): ParsedRow {
  const parsed = alertRuleSchema.safeParse(row.definition);
  if (!parsed.success) return { ok: false, error: describeRuleError(parsed.error) };
  const rule = parsed.data;
  // Every bar up to the one it last fired on was evaluated, and the rule has been as it is since
  // updatedAt (recordFire leaves updatedAt alone: it only moves when the user changes the rule).
  const afterLastFire =
    row.lastFiredBar === undefined
      ? Number.NEGATIVE_INFINITY
      : nextBarOpen(row.lastFiredBar, rule.interval);
  const { definition: _definition, ...rest } = row;
  return {
    ok: true,
    rule: { ...rest, rule, effectiveFrom: Math.max(row.updatedAt, afterLastFire) },
  };
}

/** What the engine needs from the rule table (a fake in the soak test). */
export interface RuleSource {
  /** Every active rule. */
  loadActive(): Promise<RuleRow[]>;
  /** The rule's current row whatever its status; null when it no longer exists. */
  load(id: string): Promise<RuleRow | null>;
  /** Active rule id → version (cheap: the periodic resync compares it with what is loaded). */
  activeVersions(): Promise<Map<string, number>>;
  /** Marks rules past their expiry as expired (only rules still active move). */
  markExpired(ids: readonly string[]): Promise<void>;
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

export class PgRuleSource implements RuleSource {
  constructor(private readonly db: Db) {}

  async loadActive(): Promise<RuleRow[]> {
    const rows = await this.db.alertRule.findMany({
      where: { status: 'active' },
      select: SELECT,
      orderBy: { id: 'asc' },
    });
    const fired = await this.lastFiredBars(rows.map((r) => r.id));
    return rows.map((r) => toRow(r, fired.get(r.id)));
  }

  async load(id: string): Promise<RuleRow | null> {
    const row = await this.db.alertRule.findUnique({ where: { id }, select: SELECT });
    if (!row) return null;
    const fired = await this.lastFiredBars([id]);
    return toRow(row, fired.get(id));
  }

  async activeVersions(): Promise<Map<string, number>> {
    const rows = await this.db.alertRule.findMany({
      where: { status: 'active' },
      select: { id: true, version: true },
    });
    return new Map(rows.map((r) => [r.id, r.version]));
  }

  async markExpired(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db.alertRule.updateMany({
      where: { id: { in: [...ids] }, status: 'active' },
      data: { status: 'expired', version: { increment: 1 } },
    });
  }

  /** Newest fired bar per rule: one indexed lookup on the unique (ruleId, barTime) key. */
  private async lastFiredBars(ids: string[]): Promise<Map<string, number>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.$queryRaw<{ ruleId: string; bar: string }[]>`
      SELECT "ruleId", (extract(epoch FROM max("barTime")) * 1000)::bigint::text AS bar
      FROM "AlertFire" WHERE "ruleId" = ANY(${ids}) GROUP BY "ruleId"`;
    return new Map(rows.map((r) => [r.ruleId, Number(r.bar)]));
  }
}

type SelectedRow = Omit<RuleRow, 'updatedAt' | 'lastFiredAt' | 'lastFiredBar'> & {
  updatedAt: Date;
  lastFiredAt: Date | null;
};

function toRow(row: SelectedRow, lastFiredBar: number | undefined): RuleRow {
  return {
    ...row,
    updatedAt: row.updatedAt.getTime(),
    lastFiredAt: row.lastFiredAt?.getTime(),
    lastFiredBar,
  };
}
