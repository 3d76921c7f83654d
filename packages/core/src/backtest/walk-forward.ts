// Walk-forward analysis: choose the best sweep combination on an in-sample window, then trade it
// on the out-of-sample window that follows, window after window. A combination that only fits its
// in-sample bars shows up as a large gap between the in-sample and out-of-sample figures.
//
// Rolling windows (the usual form): each window is `inSample` bars followed by `outOfSample`
// bars; the next window starts `outOfSample` bars later, so the out-of-sample segments tile the
// end of the data without overlap and the in-sample windows slide. With N bars, k windows and
// in-sample fraction f of a window: outOfSample = ⌊N(1 − f) ÷ (f + k(1 − f))⌋ and
// inSample = N − k × outOfSample (the rounding remainder goes to the in-sample windows).
//
// Indicators are computed over the whole series (one prepared set of columns) and every window
// trades only its own bars: at a window's first bar the indicators are already warm from the bars
// before it, as they would be for a rule that had been running.
//
// The stitched out-of-sample result chains the windows' returns: window w's equity curve is scaled
// so it starts at the equity window w − 1 ended with (each window's run starts from the initial
// capital; an open position at a window's end is marked at its last close). Trades' P&L scale with
// their window (exact for percent-of-equity sizing, an approximation for fixed quote or quantity).
import { z } from 'zod';
import type { ChartBar } from '../candle';
import { describeRuleError } from '../rules/rule';
import { isPrepared, prepareBacktest, type PreparedBacktest } from './columns';
import { runBacktest, type BacktestResult } from './engine';
import { strategySchema, type Strategy, type StrategyInput } from './strategy';
import {
  compactMetrics,
  metricOf,
  rankSweep,
  runSweepSlice,
  sweepCombination,
  sweepSize,
  type Sweep,
  type SweepMetrics,
  type SweepRow,
} from './sweep';

export const walkForwardSchema = z.strictObject({
  windows: z
    .number()
    .int('Windows must be a whole number')
    .min(1, 'At least 1 window')
    .max(20, 'At most 20 windows'),
  /** Percent of each window used to choose (the rest is traded out of sample). */
  inSamplePct: z
    .number()
    .min(50, 'The in-sample part must be at least 50%')
    .max(90, 'The in-sample part must be at most 90%'),
});
export type WalkForward = z.infer<typeof walkForwardSchema>;

export interface WalkForwardWindow {
  /** Candle indexes: in-sample [inFrom, inTo), out-of-sample [inTo, outTo). */
  inFrom: number;
  inTo: number;
  outTo: number;
}

/** The rolling windows over `bars` candles; throws when a window would have no bars. */
export function walkForwardWindows(bars: number, wf: WalkForward): WalkForwardWindow[] {
  const f = wf.inSamplePct / 100;
  const k = wf.windows;
  const out = Math.floor((bars * (1 - f)) / (f + k * (1 - f)));
  const inSample = bars - k * out;
  if (out < 1 || inSample < 1)
    throw new Error(`Walk-forward: ${bars} bars are too few for ${k} windows`);
  return Array.from({ length: k }, (_, w) => ({
    inFrom: w * out,
    inTo: w * out + inSample,
    outTo: w * out + inSample + out,
  }));
}

export interface WalkForwardWindowResult extends WalkForwardWindow {
  /** The best in-sample combination (null when none ran or had a value of the metric). */
  best: SweepRow | null;
  /** That combination traded on the out-of-sample bars. */
  outOfSample: SweepMetrics | null;
}

export interface WalkForwardResult {
  metric: Sweep['metric'];
  windows: WalkForwardWindowResult[];
  /** The out-of-sample windows chained into one account (see the header). */
  stitched: { metrics: SweepMetrics; times: number[]; equity: number[] } | null;
  /** Mean of the metric in sample (over the windows' best rows) and out of sample; gap = in − out. */
  gap: { inSample: number | null; outOfSample: number | null; difference: number | null };
}

export interface WalkForwardOptions {
  /** After each window (for progress). */
  onWindow?: (done: number, total: number) => void;
}

const meanOf = (xs: (number | null)[]): number | null => {
  const v = xs.filter((x): x is number => x !== null && Number.isFinite(x));
  return v.length ? v.reduce((a, b) => a + b, 0) / v.length : null;
};

function parseBase(base: Strategy | StrategyInput): Strategy {
  const parsed = strategySchema.safeParse(base);
  if (!parsed.success) throw new Error(`Strategy: ${describeRuleError(parsed.error)}`);
  return parsed.data;
}

/** Walk-forward in one call: every window's in-sample sweep, then finishWalkForward. */
export function runWalkForward(
  source: PreparedBacktest | readonly ChartBar[],
  base: Strategy | StrategyInput,
  sweep: Sweep,
  input: WalkForward,
  options: WalkForwardOptions = {},
): WalkForwardResult {
  const parsed = walkForwardSchema.safeParse(input);
  if (!parsed.success) throw new Error(`Walk-forward: ${describeRuleError(parsed.error)}`);
  const strategy = parseBase(base);
  const prepared = isPrepared(source) ? source : prepareBacktest(source);
  const windows = walkForwardWindows(prepared.candles.length, parsed.data);
  const size = sweepSize(sweep);
  const rows = windows.map((w, n) => {
    const r = runSweepSlice(prepared, strategy, sweep, 0, size, {
      range: { from: w.inFrom, to: w.inTo },
    });
    options.onWindow?.(n + 1, windows.length);
    return r;
  });
  return finishWalkForward(prepared, strategy, sweep, windows, rows);
}

/**
 * The walk-forward result from each window's in-sample sweep rows (runSweepSlice with range
 * [inFrom, inTo), possibly run in slices elsewhere and merged): picks each window's best row by
 * the sweep's metric, trades it out of sample, stitches and measures the gap.
 */
export function finishWalkForward(
  source: PreparedBacktest | readonly ChartBar[],
  base: Strategy | StrategyInput,
  sweep: Sweep,
  windows: readonly WalkForwardWindow[],
  inSampleRows: readonly (readonly SweepRow[])[],
): WalkForwardResult {
  const strategy = parseBase(base);
  const prepared = isPrepared(source) ? source : prepareBacktest(source);
  const metric = sweep.metric;
  const results: WalkForwardWindowResult[] = [];
  const outRuns: BacktestResult[] = [];
  windows.forEach((w, n) => {
    const top = rankSweep(inSampleRows[n] ?? [], metric)[0];
    const best = top && metricOf(top, metric) !== null ? top : null;
    let outOfSample: SweepMetrics | null = null;
    if (best) {
      const chosen = sweepCombination(strategy, sweep, best.index).strategy;
      const run = runBacktest(prepared, chosen, { range: { from: w.inTo, to: w.outTo } });
      outRuns.push(run);
      outOfSample = compactMetrics(run, strategy);
    }
    results.push({ ...w, best, outOfSample });
  });
  const stitchedRun = stitch(outRuns);
  const inSample = meanOf(results.map((r) => (r.best ? metricOf(r.best, metric) : null)));
  const outOfSample = meanOf(results.map((r) => r.outOfSample?.[metric] ?? null));
  return {
    metric,
    windows: results,
    stitched: stitchedRun
      ? {
          metrics: compactMetrics(stitchedRun, strategy),
          times: stitchedRun.times,
          equity: stitchedRun.equity,
        }
      : null,
    gap: {
      inSample,
      outOfSample,
      difference: inSample !== null && outOfSample !== null ? inSample - outOfSample : null,
    },
  };
}

/** The runs chained into one account: each scaled to start at the previous one's final equity. */
export function stitch(runs: readonly BacktestResult[]): BacktestResult | null {
  const first = runs[0];
  if (!first) return null;
  const out: BacktestResult = {
    trades: [],
    open: null,
    times: [],
    equity: [],
    drawdown: [],
    inPosition: [],
    /** Not stitched: compare with buy-and-hold over the whole series instead. */
    buyAndHold: [],
    signals: { entry: [], exit: [] },
    initialCapital: first.initialCapital,
    finalEquity: first.initialCapital,
    commissionPaid: 0,
  };
  let peak = -Infinity;
  for (const run of runs) {
    const scale = out.finalEquity / run.initialCapital;
    for (const t of run.trades)
      out.trades.push({
        ...t,
        quantity: t.quantity * scale,
        fees: t.fees * scale,
        pnl: t.pnl * scale,
      });
    run.equity.forEach((e, i) => {
      const eq = e * scale;
      peak = Math.max(peak, eq);
      out.times.push(run.times[i]!);
      out.equity.push(eq);
      out.drawdown.push(peak > 0 ? (peak - eq) / peak : 0);
      out.inPosition.push(run.inPosition[i]!);
    });
    out.signals.entry.push(...run.signals.entry);
    out.signals.exit.push(...run.signals.exit);
    out.commissionPaid += run.commissionPaid * scale;
    out.finalEquity = run.finalEquity * scale;
  }
  return out;
}
