import { describe, expect, it } from 'vitest';
import type { BacktestResult } from './engine';
import { computeMetrics } from './metrics';
import { downsampleCurve, storedSummary, toStoredResult, toStoredSweep } from './stored';
import { sweepSchema, type SweepRow } from './sweep';

const curve = (equity: number[], drawdown: number[], buyAndHold: number[]) => ({
  times: equity.map((_, i) => i * 60_000),
  equity,
  drawdown,
  buyAndHold,
});

describe('downsampleCurve', () => {
  it('keeps a curve that fits as it is', () => {
    const c = curve([100, 90, 95], [0, 0.1, 0.05], [100, 101, 102]);
    expect(downsampleCurve(c, 3)).toEqual(c);
  });

  it('takes the last time, equity and buy-and-hold of each bucket and its deepest drawdown', () => {
    // 5 bars into at most 2 points: buckets of ⌈5/2⌉ = 3 bars: [0,1,2] and [3,4].
    const c = curve([100, 80, 99, 100, 110], [0, 0.2, 0.01, 0, 0], [100, 90, 95, 97, 105]);
    expect(downsampleCurve(c, 2)).toEqual({
      times: [2 * 60_000, 4 * 60_000],
      equity: [99, 110],
      // Bucket 1's last drawdown is 0.01 but its worst was 0.2 (equity 80 after a peak of 100).
      drawdown: [0.2, 0],
      buyAndHold: [95, 105],
    });
  });

  it('never exceeds the limit', () => {
    const n = 525_600;
    const c = curve(
      Array.from({ length: n }, (_, i) => 100 + (i % 7)),
      Array.from({ length: n }, (_, i) => (i === 300_001 ? 0.5 : 0)),
      Array.from({ length: n }, () => 100),
    );
    const down = downsampleCurve(c);
    // ⌈525,600 / 2,000⌉ = 263 bars a bucket → ⌈525,600 / 263⌉ = 1,999 points.
    expect(down.times).toHaveLength(1999);
    expect(down.times.at(-1)).toBe((n - 1) * 60_000);
    expect(Math.max(...down.drawdown)).toBe(0.5);
  });
});

describe('toStoredResult', () => {
  it('keeps trades and metrics from the full curve, and the summary reads them', () => {
    const result: BacktestResult = {
      trades: [
        {
          entryTime: 0,
          entryPrice: 10,
          exitTime: 60_000,
          exitPrice: 12,
          quantity: 1,
          fees: 0,
          pnl: 2,
          returnPct: 0.2,
          barsHeld: 1,
          exitReason: 'signal',
        },
      ],
      open: null,
      ...curve([100, 50, 102], [0, 0.5, 0], [100, 100, 100]),
      inPosition: [1, 1, 0],
      signals: { entry: [0], exit: [60_000] },
      initialCapital: 100,
      finalEquity: 102,
      commissionPaid: 0,
    };
    const metrics = computeMetrics(result, '1m');
    const stored = toStoredResult(result, metrics, 1);
    expect(stored.metrics).toBe(metrics);
    // One point: the deepest drawdown 0.5 survives, as does the metrics' 50% depth.
    expect(stored.curve).toEqual({
      times: [120_000],
      equity: [102],
      drawdown: [0.5],
      buyAndHold: [100],
    });
    expect(stored.bars).toBe(3);
    expect(storedSummary(stored)).toEqual({
      netReturn: 0.02, // (102 − 100) ÷ 100
      maxDrawdown: 0.5, // 100 → 50
      trades: 1,
      winRate: 1,
      finalEquity: 102,
    });
  });
});

describe('toStoredSweep', () => {
  const sweep = sweepSchema.parse({
    parameters: [
      { path: 'entry.right.value', values: [20, 30] },
      { path: 'exit.right.value', values: [70, 80] },
    ],
    metric: 'netReturn',
  });
  const metrics = (netReturn: number) => ({
    netReturn,
    cagr: null,
    maxDrawdown: 0,
    trades: 1,
    winRate: null,
    profitFactor: null,
    sharpe: null,
    sortino: null,
    calmar: null,
    expectancy: null,
  });
  // Combination index = 2 × (entry value's position) + (exit value's position).
  const rows: SweepRow[] = [
    { index: 0, values: [20, 70], metrics: metrics(0.1) },
    { index: 1, values: [20, 80], metrics: metrics(0.3) },
    { index: 2, values: [30, 70], metrics: null, error: 'no' },
    { index: 3, values: [30, 80], metrics: metrics(-0.2) },
  ];

  it('ranks the rows, keeps the heatmap of the first two parameters', () => {
    const stored = toStoredSweep([...rows].reverse(), sweep, null);
    expect(stored.combinations).toBe(4);
    expect(stored.rows.map((r) => r.index)).toEqual([1, 0, 3, 2]);
    expect(stored.heatmap?.cells).toEqual([
      [0.1, 0.3],
      [null, -0.2],
    ]);
    expect(stored.walkForward).toBeNull();
  });

  it('downsamples the walk-forward’s stitched curve to the last point of each bucket', () => {
    const walkForward = {
      metric: 'netReturn' as const,
      windows: [],
      stitched: { metrics: metrics(0.05), times: [1, 2, 3, 4, 5], equity: [10, 11, 12, 13, 14] },
      gap: { inSample: null, outOfSample: null, difference: null },
    };
    // 5 points into 2: buckets of 3 ([1,2,3], [4,5]).
    const stored = toStoredSweep(rows, sweep, walkForward, 2);
    expect(stored.walkForward?.stitched).toEqual({
      metrics: metrics(0.05),
      times: [3, 5],
      equity: [12, 14],
    });
  });
});
