// What an alert says: a one-line description of its condition in the trader's words ("RSI 14
// crosses below 30") and the message rendered from the user's template with {{placeholders}}.
import { channelText, formatNumber, operandText } from './labels';
import type { AlertRule, Comparison, Condition } from './rule';

export const DEFAULT_ALERT_TEMPLATE = '{{symbol}} {{interval}}: {{rule}} (close {{close}})';

export interface AlertMessageVars {
  symbol: string;
  interval: string;
  close: number | string;
  rule: string;
}

/** Replaces {{symbol}}, {{interval}}, {{close}} and {{rule}}; unknown placeholders stay as written. */
export function renderAlertMessage(template: string, vars: AlertMessageVars): string {
  const text: Record<string, string> = {
    symbol: vars.symbol,
    interval: vars.interval,
    close: typeof vars.close === 'number' ? formatNumber(vars.close) : vars.close,
    rule: vars.rule,
  };
  return template.replace(/\{\{\s*([A-Za-z]+)\s*\}\}/g, (whole, key: string) =>
    Object.hasOwn(text, key) ? text[key]! : whole,
  );
}

const OP_TEXT: Record<Comparison['op'], string> = {
  crosses: 'crosses',
  'crosses-above': 'crosses above',
  'crosses-below': 'crosses below',
  'greater-than': 'greater than',
  'less-than': 'less than',
  'entering-channel': 'entering channel',
  'exiting-channel': 'exiting channel',
  'inside-channel': 'inside channel',
  'outside-channel': 'outside channel',
  'moving-up': 'moving up',
  'moving-down': 'moving down',
};

function describeComparison(c: Comparison): string {
  const left = operandText(c.left);
  const op = OP_TEXT[c.op];
  if ('right' in c) return `${left} ${op} ${operandText(c.right)}`;
  if ('channel' in c) return `${left} ${op} ${channelText(c.channel)}`;
  const amount = c.unit === 'percent' ? `${formatNumber(c.by)} %` : formatNumber(c.by);
  return `${left} ${op} ${amount} within ${c.bars} ${c.bars === 1 ? 'bar' : 'bars'}`;
}

function describeCondition(c: Condition, nested: boolean): string {
  if (!('all' in c) && !('any' in c)) return describeComparison(c);
  const items = 'all' in c ? c.all : c.any;
  if (items.length === 1) return describeCondition(items[0]!, nested);
  const text = items.map((i) => describeCondition(i, true)).join('all' in c ? ' and ' : ' or ');
  return nested ? `(${text})` : text;
}

/** "RSI 14 crosses below 30", "Close entering channel BB 20 2", "(…) and (…)". */
export function describeRule(rule: Pick<AlertRule, 'condition'>): string {
  return describeCondition(rule.condition, false);
}
