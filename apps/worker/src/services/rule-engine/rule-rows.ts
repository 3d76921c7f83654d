// Where the rule engine reads alert rules from: the AlertRule table. Definitions were validated by
// the web before they were stored, but are parsed again here (a schema change, a hand-edited row):
// a row that no longer parses is reported as such and skipped by the engine, never thrown.
import { nextBarOpen } from '@coinview/core/interval';
import { type AlertRule, alertRuleSchema, describeRuleError } from '@coinview/core/rules/rule';
import {
  activeAlertRuleVersions,
  type AlertRuleRow as RuleRow,
  listActiveAlertRuleRows,
  loadAlertRuleRow,
  markAlertRulesExpired,
} from '@coinview/db/active-alert-rules';
import type { Db } from '@coinview/db/client';

export type { RuleRow };

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

export class PgRuleSource implements RuleSource {
  constructor(private readonly db: Db) {}

  loadActive(): Promise<RuleRow[]> {
    return listActiveAlertRuleRows(this.db);
  }

  load(id: string): Promise<RuleRow | null> {
    return loadAlertRuleRow(this.db, id);
  }

  activeVersions(): Promise<Map<string, number>> {
    return activeAlertRuleVersions(this.db);
  }

  markExpired(ids: readonly string[]): Promise<void> {
    return markAlertRulesExpired(this.db, ids);
  }
}
