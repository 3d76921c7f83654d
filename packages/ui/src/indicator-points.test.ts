import { createIndicator } from '@coinview/core/indicators';
import { describe, expect, it } from 'vitest';
import {
  histogramColor,
  plotPoints,
  plotsOf,
  pointAt,
  timeAt,
  withAlpha,
  type Plot,
} from './indicator-points';
import { recordedBars } from './indicator-test-bars';

const bars = recordedBars().slice(0, 300);
const times = bars.map((b) => b.time);

describe('plotsOf', () => {
  it('draws one line per output, SAR as dots and the MACD histogram as columns', () => {
    expect(plotsOf('bb', {}).map((p) => [p.output, p.kind])).toEqual([
      ['upper', 'line'],
      ['middle', 'line'],
      ['lower', 'line'],
    ]);
    expect(plotsOf('psar', {})).toEqual([{ output: 'value', kind: 'dots', shift: 0 }]);
    expect(plotsOf('macd', {}).map((p) => p.kind)).toEqual(['line', 'line', 'histogram']);
    expect(plotsOf('patterns', {})).toEqual([]);
    expect(plotsOf('nope', {})).toEqual([]);
  });

  it("draws Ichimoku's leads ahead and the lagging span behind, without the redundant senkou lines", () => {
    const plots = plotsOf('ichimoku', { displacement: 26 });
    expect(plots.map((p) => [p.output, p.shift])).toEqual([
      ['tenkan', 0],
      ['kijun', 0],
      ['chikou', -25],
      ['leadA', 25],
      ['leadB', 25],
    ]);
  });
});

describe('timeAt', () => {
  it('gives bar times, then the times the interval opens next', () => {
    expect(timeAt(times, 0, '1m')).toBe(times[0]);
    expect(timeAt(times, 299, '1m')).toBe(times[299]);
    expect(timeAt(times, 301, '1m')).toBe(times[299]! + 120);
    expect(timeAt(times, -1, '1m')).toBeUndefined();
    expect(timeAt([], 3, '1m')).toBeUndefined();
    // Months vary: 2024-01-01 → 2024-03-01.
    const jan = Date.UTC(2024, 0, 1) / 1000;
    expect(timeAt([jan], 2, '1M')).toBe(Date.UTC(2024, 2, 1) / 1000);
  });
});

describe('plotPoints', () => {
  it('puts leading spans 25 bars ahead, into the future past the last bar', () => {
    const values = createIndicator('ichimoku', {}).compute(bars);
    const leadA: Plot = { output: 'leadA', kind: 'line', shift: 25 };
    const { points, count } = plotPoints(values, leadA, times, '1m');
    expect(points).toHaveLength(300);
    expect(points[0]!.time).toBe(times[25]);
    expect(points.at(-1)!.time).toBe(times[299]! + 25 * 60);
    // leadA needs the kijun (26 bars): the first 25 values are gaps.
    expect(points[24]!.value).toBeUndefined();
    const last = values.at(-1) as { leadA: number };
    expect(points.at(-1)!.value).toBe(last.leadA);
    expect(count).toBe(300 - 25);
  });

  it('puts the lagging span 25 bars behind, dropping what would fall before the first bar', () => {
    const values = createIndicator('ichimoku', {}).compute(bars);
    const chikou: Plot = { output: 'chikou', kind: 'line', shift: -25 };
    const { points } = plotPoints(values, chikou, times, '1m');
    expect(points).toHaveLength(275);
    expect(points[0]!.time).toBe(times[0]);
    expect(points.at(-1)).toEqual({ time: times[274], value: bars[299]!.close });
  });

  it('leaves warm-up bars as whitespace so the time scale stays aligned', () => {
    const values = createIndicator('rsi', { period: 14 }).compute(bars);
    const { points, count } = plotPoints(
      values,
      { output: 'value', kind: 'line', shift: 0 },
      times,
      '1m',
    );
    expect(points).toHaveLength(300);
    expect(points[13]).toEqual({ time: times[13] });
    expect(points[14]!.value).toBeGreaterThan(0);
    expect(count).toBe(286);
  });

  it('colours MACD columns by sign, fainter as they shrink toward zero', () => {
    const colors = { positive: '#26a69a', negative: '#ef5350' };
    expect(histogramColor(2, 1, colors)).toBe('#26a69a');
    expect(histogramColor(1, 2, colors)).toBe('rgba(38, 166, 154, 0.5)');
    expect(histogramColor(-2, -1, colors)).toBe('#ef5350');
    expect(histogramColor(-1, -2, colors)).toBe('rgba(239, 83, 80, 0.5)');
    expect(withAlpha('rgb(1, 2, 3)', 0.5)).toBe('rgb(1, 2, 3)');
    const values = createIndicator('macd', {}).compute(bars);
    const plot: Plot = { output: 'histogram', kind: 'histogram', shift: 0 };
    const point = pointAt(values, 299, plot, times, '1m', colors)!;
    const [prev, now] = [values[298], values[299]].map(
      (v) => (v as { histogram: number }).histogram,
    );
    expect(point.value).toBe(now);
    expect(point.color).toBe(histogramColor(now!, prev!, colors));
  });
});
