// The alert form's state and its translation to and from core's rule JSON. The form edits one
// "all"/"any" group of comparisons (what TradingView's dialog offers); numbers stay strings while
// typed. Errors from core's schema (client-side or from the server) are keyed by their path in
// the rule and mapped here to the form field they belong to ("c0.left.params.period").
import { INDICATORS, indicatorIdSchema, type CatalogEntry } from '@coinview/core/indicators';
import { defaultParams } from '@coinview/core/indicators/param-fields';
import type { Interval } from '@coinview/core/interval';
import { fromWallTime, toWallTime } from '@coinview/core/time-zone';
import {
  CHANNEL_OPERATORS,
  flattenRuleIssues,
  MOVE_OPERATORS,
  type AlertRule,
  type AlertRuleInput,
  type Comparison,
  type Condition,
  type FREQUENCIES,
  type LineOperand,
  type Operand,
  type PriceField,
  type TRIGGERS,
} from '@coinview/core/rules/rule';
import type { z } from 'zod';
import { channelLines, isLine, type Drawing } from '@coinview/core/drawings';

export type ParamValue = number | string | boolean;
export type OperandDraft =
  | { kind: 'price'; field: PriceField }
  | { kind: 'indicator'; id: string; params: Record<string, ParamValue>; output: string }
  | { kind: 'value'; value: string }
  /** A line drawn on the chart: kept as it is (it is edited by dragging the drawing). */
  | LineOperand;
export type ChannelDraft =
  | { kind: 'bands'; id: string; params: Record<string, ParamValue> }
  | { kind: 'lines'; upper: OperandDraft; lower: OperandDraft };

export interface ComparisonDraft {
  op: Comparison['op'];
  left: OperandDraft;
  right: OperandDraft;
  channel: ChannelDraft;
  by: string;
  unit: 'value' | 'percent';
  bars: string;
}

export interface RuleDraft {
  symbol: string;
  interval: Interval;
  combine: 'all' | 'any';
  comparisons: ComparisonDraft[];
  trigger: (typeof TRIGGERS)[number];
  frequency: (typeof FREQUENCIES)[number];
  /** datetime-local value (the browser's time zone); empty = never expires. */
  expiresAt: string;
  name: string;
  message: string;
  notifyEmail: boolean;
  notifyInApp: boolean;
  notifyWebhook: boolean;
  notifyTelegram: boolean;
}

export type OperatorKind = 'compare' | 'channel' | 'move';

export function operatorKind(op: Comparison['op']): OperatorKind {
  if ((CHANNEL_OPERATORS as readonly string[]).includes(op)) return 'channel';
  if ((MOVE_OPERATORS as readonly string[]).includes(op)) return 'move';
  return 'compare';
}

export function catalogEntry(id: string): CatalogEntry | null {
  const parsed = indicatorIdSchema.safeParse(id);
  return parsed.success ? INDICATORS[parsed.data] : null;
}

/** Indicators a condition can compare (not the candle-pattern markers). */
export function comparableIndicators(): CatalogEntry[] {
  return Object.values(INDICATORS as Record<string, CatalogEntry>).filter(
    (e) => e.placement !== 'markers',
  );
}

export function bandIndicators(): CatalogEntry[] {
  return comparableIndicators().filter(
    (e) => e.outputs.includes('upper') && e.outputs.includes('lower'),
  );
}

export function indicatorOperand(id: string, output?: string): OperandDraft {
  const entry = catalogEntry(id);
  return {
    kind: 'indicator',
    id,
    params: defaultParams(id),
    output: output ?? entry?.outputs[0] ?? 'value',
  };
}

export function formatPrice(price: number): string {
  return String(Number(price.toPrecision(10)));
}

export function comparison(
  op: Comparison['op'],
  left: OperandDraft,
  right: OperandDraft,
): ComparisonDraft {
  return {
    op,
    left,
    right,
    channel: { kind: 'bands', id: 'bb', params: defaultParams('bb') },
    by: '1',
    unit: 'percent',
    bars: '5',
  };
}

export function emptyDraft(symbol: string, interval: Interval, price?: number): RuleDraft {
  return {
    symbol,
    interval,
    combine: 'all',
    comparisons: [
      comparison(
        'crosses',
        { kind: 'price', field: 'close' },
        { kind: 'value', value: price === undefined ? '' : formatPrice(price) },
      ),
    ],
    trigger: 'bar-close',
    frequency: 'once-per-bar-close',
    expiresAt: '',
    name: '',
    message: '',
    notifyEmail: true,
    notifyInApp: true,
    notifyWebhook: false,
    notifyTelegram: false,
  };
}

/** "Close crosses <price>": the chart toolbar's Alert button. */
export function priceLevelDraft(symbol: string, interval: Interval, price: number): RuleDraft {
  return emptyDraft(symbol, interval, price);
}

/** The drawings an alert can watch: lines (close crossing them) and channels (entering, exiting). */
export function alertableDrawing(drawing: Drawing): boolean {
  return drawing.kind === 'parallel-channel' || isLine(drawing);
}

/**
 * From a drawing's right-click menu (TradingView's "Add alert" on a drawing): "Close crosses Trend
 * line …" for a line, "Close entering channel" between a parallel channel's upper and lower line.
 * The operand keeps the drawing's id, so the alert names where it came from. Null for drawings an
 * alert cannot watch (rectangles, notes…).
 */
export function drawingAlertDraft(
  symbol: string,
  interval: Interval,
  drawing: Drawing,
): RuleDraft | null {
  const draft = emptyDraft(symbol, interval);
  const close: OperandDraft = { kind: 'price', field: 'close' };
  const asOperand = (line: LineOperand['line']): OperandDraft => ({
    kind: 'line',
    line,
    drawingId: drawing.id,
  });
  if (drawing.kind === 'parallel-channel') {
    const { upper, lower } = channelLines(drawing);
    const c = comparison('entering-channel', close, { kind: 'value', value: '' });
    c.channel = {
      kind: 'lines',
      upper: asOperand({ kind: 'trend-line', anchors: [...upper.anchors] }),
      lower: asOperand({ kind: 'trend-line', anchors: [...lower.anchors] }),
    };
    return { ...draft, comparisons: [c] };
  }
  if (!isLine(drawing)) return null;
  const line: LineOperand['line'] =
    drawing.kind === 'horizontal-line' || drawing.kind === 'horizontal-ray'
      ? { kind: drawing.kind, anchors: [drawing.anchors[0]] }
      : { kind: drawing.kind, anchors: [drawing.anchors[0], drawing.anchors[1]] };
  return { ...draft, comparisons: [comparison('crosses', close, asOperand(line))] };
}

/**
 * From an indicator's legend: "RSI 14 crosses below 30" (its first reference line), "Close
 * crosses BB upper" (a band on the price), "Close crosses EMA 20" (a line on the price), "MACD
 * crosses signal" (two lines in a pane), else "<line> crosses 0".
 */
export function indicatorAlertDraft(
  symbol: string,
  interval: Interval,
  indicator: { id: string; params: Record<string, unknown> },
): RuleDraft {
  const draft = emptyDraft(symbol, interval);
  const entry = catalogEntry(indicator.id);
  if (!entry || entry.placement === 'markers') return draft;
  const params = {
    ...defaultParams(indicator.id),
    ...(indicator.params as Record<string, ParamValue>),
  };
  const line = (output: string): OperandDraft => ({
    kind: 'indicator',
    id: indicator.id,
    params,
    output,
  });
  const close: OperandDraft = { kind: 'price', field: 'close' };
  let c: ComparisonDraft;
  const ref = entry.referenceLines[0];
  // Two reference lines (RSI 30/70) mark a range: alert on leaving it at the bottom.
  const op = entry.referenceLines.length > 1 ? 'crosses-below' : 'crosses';
  if (ref !== undefined)
    c = comparison(op, line(entry.outputs[0]!), { kind: 'value', value: String(ref) });
  else if (entry.outputs.includes('upper')) c = comparison('crosses', close, line('upper'));
  else if (entry.placement === 'overlay') c = comparison('crosses', close, line(entry.outputs[0]!));
  else if (entry.outputs.length > 1)
    c = comparison('crosses', line(entry.outputs[0]!), line(entry.outputs[1]!));
  else c = comparison('crosses', line(entry.outputs[0]!), { kind: 'value', value: '0' });
  return { ...draft, comparisons: [c] };
}

function toOperand(o: OperandDraft): Operand | Record<string, unknown> {
  if (o.kind === 'value')
    return { kind: 'value', value: o.value.trim() === '' ? NaN : Number(o.value) };
  if (o.kind === 'price') return { kind: 'price', field: o.field };
  if (o.kind === 'line') return o;
  return { kind: 'indicator', id: o.id, params: o.params, output: o.output };
}

function toComparison(c: ComparisonDraft): Record<string, unknown> {
  const left = toOperand(c.left);
  switch (operatorKind(c.op)) {
    case 'compare':
      return { op: c.op, left, right: toOperand(c.right) };
    case 'channel':
      return {
        op: c.op,
        left,
        channel:
          c.channel.kind === 'bands'
            ? { kind: 'bands', id: c.channel.id, params: c.channel.params }
            : {
                kind: 'lines',
                upper: toOperand(c.channel.upper),
                lower: toOperand(c.channel.lower),
              },
      };
    case 'move':
      return { op: c.op, left, by: Number(c.by), unit: c.unit, bars: Number(c.bars) };
  }
}

/** What the condition builder edits: one "all"/"any" group of comparisons. */
export type ConditionDraft = Pick<RuleDraft, 'combine' | 'comparisons'>;

/** The condition JSON of a group (one comparison alone is not wrapped in a group). */
export function draftToCondition(draft: ConditionDraft): AlertRuleInput['condition'] {
  const items = draft.comparisons.map(toComparison);
  return items.length === 1 ? items[0] : { [draft.combine]: items };
}

/** The rule JSON the server validates (numbers that do not parse become NaN and are refused). */
export function draftToDefinition(draft: RuleDraft, timeZone: string): AlertRuleInput {
  // The expiry is typed as a wall time in the user's time zone (not the browser's).
  const expires = draft.expiresAt ? fromWallTime(draft.expiresAt, timeZone) : null;
  return {
    symbol: draft.symbol,
    interval: draft.interval,
    condition: draftToCondition(draft),
    trigger: draft.trigger,
    frequency: draft.frequency,
    expiresAt: expires === null || Number.isNaN(expires) ? null : expires,
  };
}

function fromOperand(o: Operand): OperandDraft {
  if (o.kind === 'value') return { kind: 'value', value: String(o.value) };
  if (o.kind === 'price' || o.kind === 'line') return o;
  return { kind: 'indicator', id: o.id, params: o.params, output: o.output };
}

function fromComparison(c: Comparison): ComparisonDraft {
  const base = comparison(c.op, fromOperand(c.left), { kind: 'value', value: '' });
  if ('right' in c) return { ...base, right: fromOperand(c.right) };
  if ('channel' in c)
    return {
      ...base,
      channel:
        c.channel.kind === 'bands'
          ? c.channel
          : {
              kind: 'lines',
              upper: fromOperand(c.channel.upper),
              lower: fromOperand(c.channel.lower),
            },
    };
  return { ...base, by: String(c.by), unit: c.unit, bars: String(c.bars) };
}

/** The form for an existing alert; null when its condition nests groups the form cannot show. */
/** The builder's group for a condition; null when it nests groups the builder cannot show. */
export function conditionToDraft(cond: Condition): ConditionDraft | null {
  let combine: 'all' | 'any' = 'all';
  let items: Condition[] = [cond];
  if ('all' in cond) items = cond.all;
  else if ('any' in cond) [combine, items] = ['any', cond.any];
  if (items.some((c) => 'all' in c || 'any' in c)) return null;
  return { combine, comparisons: (items as Comparison[]).map(fromComparison) };
}

export function definitionToDraft(
  rule: AlertRule,
  extras: Pick<
    RuleDraft,
    'name' | 'message' | 'notifyEmail' | 'notifyInApp' | 'notifyWebhook' | 'notifyTelegram'
  >,
  timeZone: string,
): RuleDraft | null {
  const group = conditionToDraft(rule.condition);
  if (!group) return null;
  return {
    symbol: rule.symbol,
    interval: rule.interval,
    ...group,
    trigger: rule.trigger,
    frequency: rule.frequency,
    expiresAt: rule.expiresAt === null ? '' : toWallTime(rule.expiresAt, timeZone),
    ...extras,
  };
}

/**
 * A rule path from core's schema ("condition.all.1.left.params.period", "frequency") → the form
 * field it belongs to ("c1.left.params.period", "frequency").
 */
export function formKey(path: string): string {
  if (!path.startsWith('condition')) return path;
  const rest = path.slice('condition'.length).replace(/^\./, '');
  const group = /^(?:all|any)\.(\d+)(?:\.(.*))?$/.exec(rest);
  if (group) return `c${group[1]}${group[2] ? `.${group[2]}` : ''}`;
  return rest ? `c0.${rest}` : 'c0';
}

export type FormErrors = Record<string, string>;

/** First message per form field, from the server's flattened zodError or a local zod error. */
export function formErrors(fieldErrors: Partial<Record<string, string[] | undefined>>): FormErrors {
  const out: FormErrors = {};
  for (const [path, messages] of Object.entries(fieldErrors)) {
    const key = formKey(path);
    const message = messages?.[0];
    // Under a parameter's own input, "Relative Strength Index: Period must be at least 1" reads
    // better without the indicator's name.
    if (message && !out[key])
      out[key] = key.includes('.params.') ? message.replace(/^[^:]+: /, '') : message;
  }
  return out;
}

export function issuesToFormErrors(issues: readonly z.core.$ZodIssue[]): FormErrors {
  const grouped: Record<string, string[]> = {};
  for (const issue of flattenRuleIssues(issues)) {
    const numberIssue = issue.code === 'invalid_type' && issue.expected === 'number';
    const path = issue.path.join('.') || 'definition';
    (grouped[path] ??= []).push(numberIssue ? 'Enter a number' : issue.message);
  }
  return formErrors(grouped);
}

/** The error for a field or anything under it ("c0.left" also shows "c0.left.id" problems). */
export function errorUnder(errors: FormErrors, key: string): string | undefined {
  if (errors[key]) return errors[key];
  const nested = Object.keys(errors).find((k) => k.startsWith(`${key}.`));
  return nested ? errors[nested] : undefined;
}
