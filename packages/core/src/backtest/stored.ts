// What a saved backtest keeps: the metrics (computed from the full curve), every trade, and the
// curves downsampled to at most MAX_CURVE_POINTS points so a year of 1m bars (525,600) stays a
// few hundred kilobytes in a database row and in a browser. Each point stands for a bucket of
// consecutive bars: its last time, last equity and last buy-and-hold (what the account was worth
// at the bucket's end) and its DEEPEST drawdown (a bucket's worst moment must stay visible; the
// last value would hide a crash that recovered inside the bucket). The server (worker) and the
// CLI store the same shape; a sweep keeps its best rows, its heatmap and its walk-forward.
import type { BacktestResult, Trade } from './engine';
import type { BacktestMetrics } from './metrics';
import {
  rankSweep,
  sweepHeatmap,
  sweepSize,
  type Sweep,
  type SweepHeatmap,
  type SweepRow,
} from './sweep';
import type { WalkForwardResult } from './walk-forward';

/** The most points a stored curve has. */
export const MAX_CURVE_POINTS = 2_000;

export interface StoredCurve {
  /** ms, each point's last bar (open time). */
  times: number[];
  equity: number[];
  /** Deepest drawdown (fraction below the running peak) inside each point's bucket. */
  drawdown: number[];
  buyAndHold: number[];
}

export interface StoredResult {
  metrics: BacktestMetrics;
  trades: Trade[];
  open: Trade | null;
  /** Bars the backtest ran over. */
  bars: number;
  initialCapital: number;
  finalEquity: number;
  curve: StoredCurve;
}

/** The numbers a list of runs shows for a finished single run. */
export interface StoredSummary {
  netReturn: number;
  /** Max drawdown depth (fraction). */
  maxDrawdown: number;
  trades: number;
  winRate: number | null;
  finalEquity: number;
}

/**
 * Buckets of ⌈n ÷ maxPoints⌉ consecutive bars (the last bucket may be shorter), so the result
 * has at most `maxPoints` points and every bar lies in exactly one bucket. n ≤ maxPoints: the
 * curve as it is.
 */
export function downsampleCurve(
  result: Pick<BacktestResult, 'times' | 'equity' | 'drawdown' | 'buyAndHold'>,
  maxPoints = MAX_CURVE_POINTS,
): StoredCurve {
  const n = result.times.length;
  const size = Math.max(1, Math.ceil(n / Math.max(1, Math.floor(maxPoints))));
  const curve: StoredCurve = { times: [], equity: [], drawdown: [], buyAndHold: [] };
  for (let start = 0; start < n; start += size) {
    const end = Math.min(n, start + size) - 1;
    let deepest = 0;
    for (let i = start; i <= end; i++) deepest = Math.max(deepest, result.drawdown[i]!);
    curve.times.push(result.times[end]!);
    curve.equity.push(result.equity[end]!);
    curve.drawdown.push(deepest);
    curve.buyAndHold.push(result.buyAndHold[end]!);
  }
  return curve;
}

/** The stored form of a backtest; `metrics` must be computeMetrics(result) (the full curve). */
export function toStoredResult(
  result: BacktestResult,
  metrics: BacktestMetrics,
  maxPoints = MAX_CURVE_POINTS,
): StoredResult {
  return {
    metrics,
    trades: result.trades,
    open: result.open,
    bars: result.times.length,
    initialCapital: result.initialCapital,
    finalEquity: result.finalEquity,
    curve: downsampleCurve(result, maxPoints),
  };
}

export function storedSummary(stored: StoredResult): StoredSummary {
  return {
    netReturn: stored.metrics.netReturn,
    maxDrawdown: stored.metrics.maxDrawdown.depth,
    trades: stored.metrics.trades,
    winRate: stored.metrics.winRate,
    finalEquity: stored.finalEquity,
  };
}

/** The most ranked rows a stored sweep keeps. */
export const MAX_STORED_SWEEP_ROWS = 500;

/**
 * A finished sweep: how many combinations ran, the rows ranked by the sweep's metric (the best
 * MAX_STORED_SWEEP_ROWS), the heatmap of its first two parameters (null with one parameter) and
 * the walk-forward result (its stitched curve downsampled like a run's).
 */
export interface StoredSweep {
  combinations: number;
  rows: SweepRow[];
  heatmap: SweepHeatmap | null;
  walkForward: WalkForwardResult | null;
}

/** Ranks every row of a sweep and keeps what is stored. */
export function toStoredSweep(
  rows: readonly SweepRow[],
  sweep: Sweep,
  walkForward: WalkForwardResult | null,
  maxPoints = MAX_CURVE_POINTS,
): StoredSweep {
  const stitched = walkForward?.stitched;
  let storedWalkForward = walkForward;
  if (walkForward && stitched) {
    const n = stitched.times.length;
    const size = Math.max(1, Math.ceil(n / maxPoints));
    const times: number[] = [];
    const equity: number[] = [];
    for (let start = 0; start < n; start += size) {
      const end = Math.min(n, start + size) - 1;
      times.push(stitched.times[end]!);
      equity.push(stitched.equity[end]!);
    }
    storedWalkForward = { ...walkForward, stitched: { ...stitched, times, equity } };
  }
  return {
    combinations: sweepSize(sweep),
    rows: rankSweep(rows, sweep.metric).slice(0, MAX_STORED_SWEEP_ROWS),
    heatmap: sweep.parameters.length >= 2 ? sweepHeatmap(rows, sweep, sweep.metric, 0, 1) : null,
    walkForward: storedWalkForward,
  };
}
