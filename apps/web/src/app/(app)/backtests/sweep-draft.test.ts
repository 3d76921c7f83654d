// The sweep part of the form: every number of the strategy offered by its path (as core's sweep
// names them), a first range around its value, and the sweep and walk-forward JSON core accepts.
import { strategySchema } from '@coinview/core/backtest/strategy';
import {
  parseSweep,
  sweepCombination,
  sweepSize,
  sweepSchema,
} from '@coinview/core/backtest/sweep';
import { walkForwardSchema } from '@coinview/core/backtest/walk-forward';
import { describe, expect, it } from 'vitest';
import { defaultStrategyDraft, draftToStrategy } from './strategy-draft';
import {
  combinationCount,
  defaultRange,
  draftToSweep,
  emptySweepDraft,
  numericFields,
  tieCandidates,
} from './sweep-draft';

const strategy = draftToStrategy(defaultStrategyDraft());

describe('numericFields', () => {
  it("lists the strategy's numbers by path, with words for them", () => {
    const fields = numericFields(strategy);
    const byPath = Object.fromEntries(fields.map((f) => [f.path, f]));
    expect(byPath['entry.left.params.period']).toMatchObject({
      label: 'Entry · series · period',
      value: 14,
    });
    expect(byPath['exit.right.value']).toMatchObject({
      label: 'Exit · against · value',
      value: 70,
    });
    expect(byPath['sizing.percent']!.value).toBe(99);
    expect(byPath.commissionPct!.label).toBe('Commission %');
    // Every path names a number core's sweep accepts.
    for (const f of fields)
      expect(() =>
        parseSweep({ parameters: [{ path: f.path, values: [f.value] }] }, strategy),
      ).not.toThrow();
  });
});

describe('defaultRange', () => {
  it('goes from half to double a whole number in whole steps', () => {
    // 14 → 7 … 28, step round(21 ÷ 10) = 2.
    expect(defaultRange({ path: 'p', label: '', value: 14 })).toEqual({
      path: 'p',
      from: '7',
      to: '28',
      step: '2',
    });
  });
  it('keeps fractions for a fraction', () => {
    // 0.1 → 0.05 … 0.2, step 0.015.
    expect(defaultRange({ path: 'p', label: '', value: 0.1 })).toEqual({
      path: 'p',
      from: '0.05',
      to: '0.2',
      step: '0.015',
    });
  });
});

describe('draftToSweep', () => {
  const draft = {
    ...emptySweepDraft,
    enabled: true,
    params: [
      { path: 'entry.left.params.period', from: '7', to: '28', step: '7' },
      { path: 'entry.right.value', from: '20', to: '35', step: '5' },
    ],
    metric: 'sharpe' as const,
    walkForward: true,
    windows: '3',
    inSamplePct: '75',
  };
  it('builds the sweep core runs, counted as core counts it', () => {
    const { sweep, walkForward } = draftToSweep(draft);
    const parsed = sweepSchema.parse(sweep);
    // 7, 14, 21, 28 × 20, 25, 30, 35 = 16 combinations.
    expect(sweepSize(parsed)).toBe(16);
    expect(combinationCount(draft)).toBe(16);
    expect(parsed.metric).toBe('sharpe');
    expect(walkForwardSchema.parse(walkForward)).toEqual({ windows: 3, inSamplePct: 75 });
    expect(() => parseSweep(sweep, strategySchema.parse(strategy))).not.toThrow();
  });
  it('sends no walk-forward when it is off, and counts NaN for a bad range', () => {
    expect(draftToSweep({ ...draft, walkForward: false }).walkForward).toBeNull();
    expect(
      combinationCount({ ...draft, params: [{ path: 'x', from: '5', to: '1', step: '1' }] }),
    ).toBeNaN();
  });
});

describe('tied parameters (also)', () => {
  const fields = numericFields(strategy);
  const draft = {
    ...emptySweepDraft,
    enabled: true,
    params: [{ path: 'entry.left.params.period', from: '7', to: '28', step: '7' }],
  };
  it("offers the numbers not varied yet, those equal to the parameter's value first", () => {
    const offered = tieCandidates(fields, draft, draft.params[0]!).map((f) => f.path);
    // The default strategy's exit RSI has the entry's period (14): it comes first.
    expect(offered[0]).toBe('exit.left.params.period');
    expect(offered).not.toContain('entry.left.params.period');
    const tied = { ...draft, params: [{ ...draft.params[0]!, also: ['exit.left.params.period'] }] };
    expect(tieCandidates(fields, tied, tied.params[0]!).map((f) => f.path)).not.toContain(
      'exit.left.params.period',
    );
  });
  it('sends also to core, which sets both numbers in every combination', () => {
    const tied = { ...draft, params: [{ ...draft.params[0]!, also: ['exit.left.params.period'] }] };
    const { sweep } = draftToSweep(tied);
    expect(sweep.parameters[0]).toEqual({
      path: 'entry.left.params.period',
      also: ['exit.left.params.period'],
      from: 7,
      to: 28,
      step: 7,
    });
    const parsed = parseSweep(sweep, strategySchema.parse(strategy));
    // Four values, both periods moving together: 4 combinations, not 4 × 4.
    expect(sweepSize(parsed)).toBe(4);
    const third = sweepCombination(strategy, parsed, 2).strategy; // period 21
    expect(third.entry).toMatchObject({ left: { params: { period: 21 } } });
    expect(third.exit).toMatchObject({ left: { params: { period: 21 } } });
    expect(draftToSweep(draft).sweep.parameters[0]).not.toHaveProperty('also');
  });
});
