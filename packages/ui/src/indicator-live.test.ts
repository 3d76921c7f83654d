import { createIndicator } from '@coinview/core/indicators';
import { describe, expect, it } from 'vitest';
import type { ChartBar } from './bars';
import { IndicatorRun, LiveBars } from './indicator-live';
import { recordedBars } from './indicator-test-bars';

const all = recordedBars();

/** The ticks of a bar as an exchange streams them: opens flat, then widens toward its close. */
function ticksOf(bar: ChartBar): ChartBar[] {
  const open = { ...bar, high: bar.open, low: bar.open, close: bar.open, volume: 0 };
  const mid = {
    ...bar,
    high: Math.max(bar.open, (bar.high + bar.close) / 2),
    low: Math.min(bar.open, (bar.low + bar.close) / 2),
    close: (bar.open + bar.close) / 2,
    volume: bar.volume / 2,
  };
  return [open, mid, bar];
}

const cases: [string, Record<string, unknown>][] = [
  ['rsi', { period: 14 }],
  ['macd', {}],
  ['bb', { period: 20, stdDev: 2 }],
  ['ichimoku', {}],
  ['psar', {}],
  ['stoch', {}],
  ['vwap', {}],
  ['patterns', {}],
];

describe('IndicatorRun following live ticks', () => {
  it.each(cases)('%s: after live ticks, every value equals a fresh compute', (id, params) => {
    const history = all.slice(0, 1500);
    const bars = new LiveBars();
    bars.load(history);
    const run = new IndicatorRun(createIndicator(id, params));
    run.load(bars);
    // Three bars stream in tick by tick: each closes when the next one opens.
    for (const bar of all.slice(1500, 1503)) {
      for (const tick of ticksOf(bar)) run.apply(bars.step(tick));
    }
    const fresh = createIndicator(id, params).compute(all.slice(0, 1503));
    expect(bars.closed).toHaveLength(1502);
    expect(bars.forming).toEqual(all[1502]);
    expect(run.values).toHaveLength(1503);
    // The forming bar's peeked value and the two bars committed live match the batch result.
    expect(run.values.slice(-3)).toEqual(fresh.slice(-3));
    expect(run.values).toEqual(fresh);
  });

  it('revises the forming value per tick without committing it', () => {
    const bars = new LiveBars();
    bars.load(all.slice(0, 100));
    const run = new IndicatorRun(createIndicator('sma', { period: 3 }));
    run.load(bars);
    const [first, , last] = ticksOf(all[100]!);
    expect(run.apply(bars.step(first!))).toBe(100);
    const peeked = run.values[100] as number;
    expect(peeked).toBeCloseTo((all[98]!.close + all[99]!.close + first!.close) / 3, 8);
    expect(run.apply(bars.step(last!))).toBe(100);
    expect(run.values).toHaveLength(101);
    expect(run.values[100]).toBeCloseTo((all[98]!.close + all[99]!.close + all[100]!.close) / 3, 8);
  });
});

describe('LiveBars', () => {
  it('ignores ticks for closed bars and ticks older than the forming bar', () => {
    const bars = new LiveBars();
    bars.load(all.slice(0, 10));
    expect(bars.step(all[9]!).kind).toBe('ignore');
    expect(bars.step(all[5]!).kind).toBe('ignore');
    expect(bars.step(all[10]!).kind).toBe('advance');
    expect(bars.step(all[9]!).kind).toBe('ignore');
    expect(bars.step(all[10]!).kind).toBe('revise');
    const step = bars.step(all[11]!);
    expect(step).toEqual({ kind: 'advance', closed: all[10], bar: all[11] });
    expect(bars.times).toEqual(all.slice(0, 12).map((b) => b.time));
  });

  it('keeps live bars that closed after the history when older history is prepended', () => {
    const bars = new LiveBars();
    bars.load(all.slice(100, 200));
    for (const bar of all.slice(200, 203)) bars.step(bar);
    bars.load(all.slice(50, 200));
    expect(bars.closed.map((b) => b.time)).toEqual(all.slice(50, 202).map((b) => b.time));
    expect(bars.forming).toEqual(all[202]);
    expect(bars.times).toHaveLength(153);
    expect(bars.indexOf(all[202]!.time)).toBe(152);
    expect(bars.indexOf(all[50]!.time)).toBe(0);
    expect(bars.indexOf(all[49]!.time)).toBe(-1);
  });

  it('drops the forming bar once history holds it closed', () => {
    const bars = new LiveBars();
    bars.load(all.slice(0, 10));
    bars.step(all[10]!);
    bars.load(all.slice(0, 11));
    expect(bars.forming).toBeUndefined();
    expect(bars.times).toHaveLength(11);
  });
});
