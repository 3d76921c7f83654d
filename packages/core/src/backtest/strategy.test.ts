import { describe, expect, it } from 'vitest';
import { describeRuleError } from '../rules/rule';
import { strategySchema } from './strategy';

const base = {
  symbol: 'BTCUSDT',
  interval: '1h',
  entry: {
    op: 'less-than',
    left: { kind: 'indicator', id: 'rsi', params: {} },
    right: { kind: 'value', value: 30 },
  },
  exit: {
    op: 'greater-than',
    left: { kind: 'indicator', id: 'rsi', params: {} },
    right: { kind: 'value', value: 70 },
  },
};

describe('strategySchema', () => {
  it('fills the defaults: all equity, 0.1% commission, no slippage or stops, next-open fills, 10,000', () => {
    expect(strategySchema.parse(base)).toMatchObject({
      sizing: { mode: 'percentOfEquity', percent: 100 },
      commissionPct: 0.1,
      slippage: { unit: 'percent', percent: 0 },
      stopLossPct: null,
      takeProfitPct: null,
      fill: 'nextOpen',
      initialCapital: 10_000,
    });
  });

  it('checks the conditions as alert rules do, with the same wording', () => {
    const r = strategySchema.safeParse({
      ...base,
      exit: {
        op: 'greater-than',
        left: { kind: 'indicator', id: 'rsi', params: { period: 0 } },
        right: { kind: 'value', value: 70 },
      },
    });
    expect(r.success).toBe(false);
    expect(describeRuleError(r.error!)).toBe(
      'exit.left.params.period: Relative Strength Index: Period must be at least 1',
    );
  });

  it('says what is wrong with sizing, fees and stops', () => {
    const r = strategySchema.safeParse({
      ...base,
      sizing: { mode: 'percentOfEquity', percent: 150 },
      commissionPct: -1,
      stopLossPct: 100,
    });
    expect(r.success).toBe(false);
    expect(describeRuleError(r.error!)).toBe(
      'sizing.percent: The percent of equity must be at most 100; commissionPct: Commission cannot be negative; stopLossPct: The stop-loss must be below 100%',
    );
  });

  it('refuses a strategy too large to be rules before parsing it', () => {
    const many = { all: Array.from({ length: 1200 }, () => base.entry) };
    const r = strategySchema.safeParse({ ...base, entry: many });
    expect(r.success).toBe(false);
    expect(describeRuleError(r.error!)).toContain('A rule has at most 20 comparisons');
  });
});
