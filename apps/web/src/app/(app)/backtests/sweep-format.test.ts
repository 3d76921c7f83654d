// The sweep table sorts by any column with rows that have no value last, and the heatmap's colour
// share puts the best cell at 1 (for drawdown, the shallowest).
import type { SweepRow } from '@coinview/core/backtest/sweep';
import { describe, expect, it } from 'vitest';
import { formatSweepMetric, heatShare, sortSweepRows } from './sweep-format';

const metrics = (netReturn: number, maxDrawdown: number) => ({
  netReturn,
  cagr: null,
  maxDrawdown,
  trades: 3,
  winRate: null,
  profitFactor: null,
  sharpe: null,
  sortino: null,
  calmar: null,
  expectancy: null,
});
const rows: SweepRow[] = [
  { index: 0, values: [7, 30], metrics: metrics(0.1, 0.2) },
  { index: 1, values: [14, 30], metrics: metrics(-0.05, 0.1) },
  { index: 2, values: [21, 30], metrics: null, error: 'MACD fast must be below slow' },
  { index: 3, values: [28, 30], metrics: metrics(0.1, 0.05) },
];

describe('sortSweepRows', () => {
  it('sorts by a metric either way, failed rows last, ties by index', () => {
    const net = { kind: 'metric', metric: 'netReturn' } as const;
    expect(sortSweepRows(rows, net, 'desc').map((r) => r.index)).toEqual([0, 3, 1, 2]);
    expect(sortSweepRows(rows, net, 'asc').map((r) => r.index)).toEqual([1, 0, 3, 2]);
  });
  it('sorts by a parameter value', () => {
    expect(
      sortSweepRows(rows, { kind: 'param', index: 0 }, 'desc').map((r) => r.values[0]),
    ).toEqual([28, 21, 14, 7]);
  });
});

describe('heatShare', () => {
  it('places a value between the worst and the best', () => {
    // (0.05 − (−0.05)) ÷ (0.15 − (−0.05)) = 0.1 ÷ 0.2 = 0.5
    expect(heatShare('netReturn', 0.05, -0.05, 0.15)).toBeCloseTo(0.5, 12);
    // Drawdown: the smallest is the best → 1.
    expect(heatShare('maxDrawdown', 0.05, 0.05, 0.2)).toBe(1);
    expect(heatShare('netReturn', null, 0, 1)).toBeNull();
  });
  it('formats each metric in its unit', () => {
    expect(formatSweepMetric('netReturn', 0.1234)).toBe('+12.34%');
    expect(formatSweepMetric('maxDrawdown', 0.05)).toBe('5.00%');
    expect(formatSweepMetric('trades', 1200)).toBe('1,200');
    expect(formatSweepMetric('sharpe', null)).toBe('—');
  });
});
