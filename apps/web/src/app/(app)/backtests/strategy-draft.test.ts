// The backtest form → core's strategy: every field reaches the strategy, an alert rule's condition
// becomes the entry, ranges in the user's time zone, and core's errors land on the field they
// are about (the entry/exit builders keyed like the alert form's).
import { strategySchema } from '@coinview/core/backtest/strategy';
import { describeRule } from '@coinview/core/rules/message';
import { alertRuleSchema } from '@coinview/core/rules/rule';
import { describe, expect, it } from 'vitest';
import {
  defaultStrategyDraft,
  draftFromAlert,
  draftRange,
  draftToStrategy,
  serverStrategyErrors,
  strategyErrors,
} from './strategy-draft';

describe('draftToStrategy', () => {
  it('turns the default form into a valid RSI 30/70 strategy', () => {
    const s = strategySchema.parse(draftToStrategy(defaultStrategyDraft('ETHUSDT', '4h')));
    expect(s.symbol).toBe('ETHUSDT');
    expect(s.interval).toBe('4h');
    expect(describeRule({ condition: s.entry })).toBe('RSI 14 crosses below 30');
    expect(describeRule({ condition: s.exit })).toBe('RSI 14 crosses above 70');
    expect(s.sizing).toEqual({ mode: 'percentOfEquity', percent: 99 });
    expect(s.commissionPct).toBe(0.1);
    expect(s.stopLossPct).toBeNull();
    expect(s.fill).toBe('nextOpen');
    expect(s.initialCapital).toBe(10_000);
  });

  it('carries sizing, slippage in ticks, stops and fill timing', () => {
    const s = strategySchema.parse(
      draftToStrategy({
        ...defaultStrategyDraft(),
        sizing: 'quote',
        sizingValue: '250',
        slippageUnit: 'ticks',
        slippage: '2',
        tickSize: '0.1',
        stopLossPct: '5',
        takeProfitPct: '12.5',
        fill: 'close',
      }),
    );
    expect(s.sizing).toEqual({ mode: 'quote', amount: 250 });
    expect(s.slippage).toEqual({ unit: 'ticks', ticks: 2, tickSize: 0.1 });
    expect([s.stopLossPct, s.takeProfitPct, s.fill]).toEqual([5, 12.5, 'close']);
  });
});

describe('strategyErrors', () => {
  it('puts each problem next to its field or builder input', () => {
    const draft = defaultStrategyDraft();
    const bad = {
      ...draft,
      sizingValue: '150',
      commissionPct: '',
      slippageUnit: 'ticks' as const,
      slippage: '1',
      tickSize: '0',
      exit: {
        ...draft.exit,
        comparisons: [
          { ...draft.exit.comparisons[0]!, right: { kind: 'value' as const, value: 'x' } },
        ],
      },
    };
    const parsed = strategySchema.safeParse(draftToStrategy(bad));
    expect(parsed.success).toBe(false);
    const errors = strategyErrors(parsed.error!.issues);
    expect(errors.fields.sizing).toBe('The percent of equity must be at most 100');
    expect(errors.fields.commissionPct).toBe('Enter a number');
    expect(errors.fields.tickSize).toBe('The tick size must be greater than 0');
    expect(Object.keys(errors.exit)).toEqual(['c0.right.value']);
    expect(errors.entry).toEqual({});
  });
});

describe('serverStrategyErrors', () => {
  it("reads the server's 'strategy.<path>' keys like core's own issues", () => {
    const errors = serverStrategyErrors({
      'strategy.entry.all.1.left.params.period': [
        'Relative Strength Index: Period must be at least 1',
      ],
      'strategy.stopLossPct': ['The stop-loss must be below 100%'],
      name: ['At most 80 characters'],
    });
    // As in the alert form: the parameter's own input, without the indicator's name.
    expect(errors.entry).toEqual({ 'c1.left.params.period': 'Period must be at least 1' });
    expect(errors.fields).toEqual({
      stopLossPct: 'The stop-loss must be below 100%',
      name: 'At most 80 characters',
    });
  });
});

describe('draftFromAlert', () => {
  it("takes the alert's condition as the entry and its market", () => {
    const rule = alertRuleSchema.parse({
      symbol: 'SOLUSDT',
      interval: '15m',
      condition: {
        all: [
          {
            op: 'less-than',
            left: { kind: 'indicator', id: 'rsi', params: { period: 7 }, output: 'value' },
            right: { kind: 'value', value: 25 },
          },
          {
            op: 'greater-than',
            left: { kind: 'price', field: 'close' },
            right: { kind: 'value', value: 100 },
          },
        ],
      },
    });
    const draft = draftFromAlert(defaultStrategyDraft(), rule)!;
    expect([draft.symbol, draft.interval]).toEqual(['SOLUSDT', '15m']);
    const s = strategySchema.parse(draftToStrategy(draft));
    expect(s.entry).toEqual(rule.condition);
    // The exit stays what the form had.
    expect(describeRule({ condition: s.exit })).toBe('RSI 14 crosses above 70');
  });
});

describe('draftRange', () => {
  // 2026-03-10 12:34:56.789 UTC.
  const now = Date.UTC(2026, 2, 10, 12, 34, 56, 789);
  it('ends a preset now, to the minute, and starts it its days before', () => {
    const to = Date.UTC(2026, 2, 10, 12, 34);
    expect(draftRange({ range: '1M', from: '', to: '' }, now, 'UTC')).toEqual({
      from: to - 30 * 86_400_000,
      to,
    });
  });
  it('reads a custom range as whole days in the time zone', () => {
    // 1 Jan 00:00 in New York (UTC−5) = 05:00 UTC; the end of 31 Jan = 1 Feb 05:00 UTC.
    expect(
      draftRange(
        { range: 'custom', from: '2026-01-01', to: '2026-01-31' },
        now,
        'America/New_York',
      ),
    ).toEqual({ from: Date.UTC(2026, 0, 1, 5), to: Date.UTC(2026, 1, 1, 5) });
  });
  it('refuses a missing date and an end before the start', () => {
    expect(draftRange({ range: 'custom', from: '', to: '2026-01-31' }, now, 'UTC')).toEqual({
      error: 'Choose both dates',
    });
    expect(
      draftRange({ range: 'custom', from: '2026-02-01', to: '2026-01-01' }, now, 'UTC'),
    ).toEqual({ error: 'The start must be before the end' });
  });
});
