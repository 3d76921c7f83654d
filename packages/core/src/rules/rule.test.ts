// alertRuleSchema refuses trees too deep or too large before zod recurses into them: a condition
// nested 1,000 groups deep used to overflow the stack (an internal error) instead of being told
// what is wrong. Valid rules at the limits still parse.
import { describe, expect, it } from 'vitest';
import { alertRuleSchema, describeRuleError, MAX_CONDITION_DEPTH } from './rule';

const comparison = {
  op: 'greater-than',
  left: { kind: 'price', field: 'close' },
  right: { kind: 'value', value: 1 },
};

function nestedGroups(depth: number): unknown {
  let condition: unknown = comparison;
  for (let i = 0; i < depth; i++) condition = i % 2 ? { all: [condition] } : { any: [condition] };
  return condition;
}

const rule = (condition: unknown, extra: object = {}) => ({
  symbol: 'BTCUSDT',
  interval: '1h',
  condition,
  ...extra,
});

describe('alertRuleSchema on hostile input', () => {
  it.each([1000, 100_000])('a condition %i groups deep is refused in words', (depth) => {
    const parsed = alertRuleSchema.safeParse(rule(nestedGroups(depth)));
    expect(parsed.success).toBe(false);
    expect(describeRuleError(parsed.error!)).toBe(
      `condition: Groups can be nested at most ${MAX_CONDITION_DEPTH} deep`,
    );
  });

  it('a group of 10,000 comparisons is refused in words', () => {
    const parsed = alertRuleSchema.safeParse(
      rule({ all: Array.from({ length: 10_000 }, () => comparison) }),
    );
    expect(describeRuleError(parsed.error!)).toBe('condition: A rule has at most 20 comparisons');
  });

  it('an expiry past the end of JavaScript time is refused', () => {
    const parsed = alertRuleSchema.safeParse(rule(comparison, { expiresAt: 8.7e15 }));
    expect(describeRuleError(parsed.error!)).toBe('expiresAt: That time is too far in the future');
  });

  it('still parses a rule nested to the limit, and words the usual depth error one level past it', () => {
    expect(alertRuleSchema.safeParse(rule(nestedGroups(MAX_CONDITION_DEPTH))).success).toBe(true);
    const parsed = alertRuleSchema.safeParse(rule(nestedGroups(MAX_CONDITION_DEPTH + 1)));
    expect(describeRuleError(parsed.error!)).toMatch(/Groups can be nested at most 4 deep/);
  });
});
