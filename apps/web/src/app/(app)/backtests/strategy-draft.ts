// The backtest form's state and its translation to core's strategy JSON. Conditions are the alert
// form's (rule-draft's ConditionDraft, edited by the same builder); numbers stay strings while
// typed and become NaN when they do not parse, so core's schema refuses them with its own words.
// Errors from core's schema are keyed by their path in the strategy and mapped here to the part
// of the form they belong to: the entry or exit builder ("c0.left.params.period") or a field.
import type { Interval } from '@coinview/core/interval';
import type { Sizing, StrategyInput } from '@coinview/core/backtest/strategy';
import type { AlertRule } from '@coinview/core/rules/rule';
import { flattenRuleIssues } from '@coinview/core/rules/rule';
import { fromWallTime } from '@coinview/core/time-zone';
import type { z } from 'zod';
import {
  comparison,
  conditionToDraft,
  draftToCondition,
  formErrors,
  indicatorOperand,
  type ConditionDraft,
  type FormErrors,
} from '../alerts/rule-draft';

export const RANGE_PRESETS = { '1M': 30, '3M': 90, '1Y': 365 } as const;
export type RangePreset = keyof typeof RANGE_PRESETS | 'custom';

export interface StrategyDraft {
  name: string;
  symbol: string;
  interval: Interval;
  range: RangePreset;
  /** yyyy-mm-dd in the user's time zone, for a custom range; `to` is inclusive (its whole day). */
  from: string;
  to: string;
  entry: ConditionDraft;
  exit: ConditionDraft;
  sizing: Sizing['mode'];
  /** Percent, quote amount or quantity, per `sizing`. */
  sizingValue: string;
  commissionPct: string;
  slippageUnit: 'percent' | 'ticks';
  /** Percent or ticks, per `slippageUnit`. */
  slippage: string;
  tickSize: string;
  /** Empty = none. */
  stopLossPct: string;
  takeProfitPct: string;
  fill: 'nextOpen' | 'close';
  initialCapital: string;
}

const rsi = (op: 'crosses-below' | 'crosses-above', level: string): ConditionDraft => ({
  combine: 'all',
  comparisons: [comparison(op, indicatorOperand('rsi'), { kind: 'value', value: level })],
});

/** RSI 14 crossing down 30 to buy, up 70 to sell; 99% of equity, 0.1% commission, 3 months. */
export function defaultStrategyDraft(symbol = 'BTCUSDT', interval: Interval = '1h'): StrategyDraft {
  return {
    name: '',
    symbol,
    interval,
    range: '3M',
    from: '',
    to: '',
    entry: rsi('crosses-below', '30'),
    exit: rsi('crosses-above', '70'),
    sizing: 'percentOfEquity',
    sizingValue: '99',
    commissionPct: '0.1',
    slippageUnit: 'percent',
    slippage: '0',
    tickSize: '0.01',
    stopLossPct: '',
    takeProfitPct: '',
    fill: 'nextOpen',
    initialCapital: '10000',
  };
}

/** A typed number; NaN for empty or garbage (core's schema says what is wrong). */
const num = (s: string) => (s.trim() === '' ? NaN : Number(s));
const optional = (s: string) => (s.trim() === '' ? null : Number(s));

/** The strategy JSON the server validates. */
export function draftToStrategy(draft: StrategyDraft): StrategyInput {
  const value = num(draft.sizingValue);
  const sizing: Sizing =
    draft.sizing === 'percentOfEquity'
      ? { mode: 'percentOfEquity', percent: value }
      : draft.sizing === 'quote'
        ? { mode: 'quote', amount: value }
        : { mode: 'quantity', quantity: value };
  return {
    symbol: draft.symbol,
    interval: draft.interval,
    entry: draftToCondition(draft.entry),
    exit: draftToCondition(draft.exit),
    sizing,
    commissionPct: num(draft.commissionPct),
    slippage:
      draft.slippageUnit === 'percent'
        ? { unit: 'percent', percent: num(draft.slippage) }
        : { unit: 'ticks', ticks: num(draft.slippage), tickSize: num(draft.tickSize) },
    stopLossPct: optional(draft.stopLossPct),
    takeProfitPct: optional(draft.takeProfitPct),
    fill: draft.fill,
    initialCapital: num(draft.initialCapital),
  };
}

const DAY_MS = 86_400_000;

/**
 * The range in epoch ms: a preset ends now (to the minute) and starts its days before; a custom
 * range runs from the start of `from` to the end of `to`, as days in `timeZone`.
 */
export function draftRange(
  draft: Pick<StrategyDraft, 'range' | 'from' | 'to'>,
  now: number,
  timeZone: string,
): { from: number; to: number } | { error: string } {
  if (draft.range !== 'custom') {
    const to = Math.floor(now / 60_000) * 60_000;
    return { from: to - RANGE_PRESETS[draft.range] * DAY_MS, to };
  }
  const from = fromWallTime(`${draft.from}T00:00`, timeZone);
  const endDay = fromWallTime(`${draft.to}T00:00`, timeZone);
  if (Number.isNaN(from) || Number.isNaN(endDay)) return { error: 'Choose both dates' };
  // The day after `to` starts at its own midnight (a DST day is not 24 h).
  const next = new Date(Date.parse(`${draft.to}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
  const to = fromWallTime(`${next}T00:00`, timeZone);
  if (from >= to) return { error: 'The start must be before the end' };
  return { from, to: Math.min(to, now) };
}

/** "Start from an alert rule": its condition becomes the entry, its market the backtest's.
 *  null when the condition nests groups the builder cannot show. */
export function draftFromAlert(
  draft: StrategyDraft,
  rule: Pick<AlertRule, 'symbol' | 'interval' | 'condition'>,
): StrategyDraft | null {
  const entry = conditionToDraft(rule.condition);
  return entry ? { ...draft, symbol: rule.symbol, interval: rule.interval, entry } : null;
}

export interface StrategyErrors {
  entry: FormErrors;
  exit: FormErrors;
  /** By field: symbol, interval, sizing, commissionPct, slippage, tickSize, stopLossPct, … */
  fields: Record<string, string>;
}

export const noErrors: StrategyErrors = { entry: {}, exit: {}, fields: {} };

/** core's issues for a strategy, per part of the form (first message per field). */
export function strategyErrors(issues: readonly z.core.$ZodIssue[]): StrategyErrors {
  const entry: Record<string, string[]> = {};
  const exit: Record<string, string[]> = {};
  const fields: Record<string, string> = {};
  for (const issue of flattenRuleIssues(issues)) {
    const message =
      issue.code === 'invalid_type' && issue.expected === 'number'
        ? 'Enter a number'
        : issue.message;
    const [head, ...rest] = issue.path.map(String);
    if (head === 'entry' || head === 'exit') {
      // As an alert rule's "condition.…", so formKey maps it to the builder's fields.
      const path = ['condition', ...rest].join('.');
      ((head === 'entry' ? entry : exit)[path] ??= []).push(message);
      continue;
    }
    // slippage.tickSize is its own input; other nested paths (sizing.percent) belong to their field.
    const key = head === 'slippage' && rest[0] === 'tickSize' ? 'tickSize' : (head ?? 'strategy');
    fields[key] ??= message;
  }
  return { entry: formErrors(entry), exit: formErrors(exit), fields };
}

/** The server's flattened zodError: strategy problems come keyed "strategy.<path>" (one key
 *  each), the range and name under their own key. */
export function serverStrategyErrors(
  fieldErrors: Partial<Record<string, string[] | undefined>>,
): StrategyErrors {
  const issues = Object.entries(fieldErrors).flatMap(([key, messages]) => {
    const message = messages?.[0];
    if (!message) return [];
    const path = key.startsWith('strategy.') ? key.slice('strategy.'.length).split('.') : [key];
    return [{ code: 'custom' as const, path, message, input: undefined }];
  });
  return strategyErrors(issues);
}
