// The metrics of a sweep row, computed in single passes over the equity curve and the trades
// without the intermediate arrays computeMetrics (./metrics) builds: a sweep computes them for
// thousands of runs. Every sum is taken in the same order with the same expressions as there, so
// the numbers are identical to computeMetrics' (tested), not merely close.
import { intervalMs, type Interval } from '../interval';
import type { Trade } from './engine';

/** The metrics a sweep row keeps (maxDrawdown is the depth, a fraction of the peak). */
export interface SweepMetrics {
  netReturn: number;
  cagr: number | null;
  maxDrawdown: number;
  trades: number;
  winRate: number | null;
  profitFactor: number | null;
  sharpe: number | null;
  sortino: number | null;
  calmar: number | null;
  expectancy: number | null;
}

/** 365 days, as in ./metrics. */
const YEAR_MS = 365 * 24 * 3600 * 1000;

export interface EquityRun {
  equity: readonly number[];
  trades: readonly Trade[];
  initialCapital: number;
  finalEquity: number;
}

/** firstTime / lastTime: ms open times of the first and last bar of the run (undefined: none). */
export function sweepMetrics(
  run: EquityRun,
  firstTime: number | undefined,
  lastTime: number | undefined,
  interval: Interval,
): SweepMetrics {
  const { equity, trades, initialCapital, finalEquity } = run;
  const netProfit = finalEquity - initialCapital;
  const barMs = intervalMs(interval, firstTime ?? 0);
  const years =
    firstTime === undefined || lastTime === undefined
      ? 0
      : (lastTime - firstTime + barMs) / YEAR_MS;
  const cagr =
    years <= 0 ? null : finalEquity <= 0 ? -1 : (finalEquity / initialCapital) ** (1 / years) - 1;

  let peak = -Infinity;
  let depth = 0;
  for (let i = 0; i < equity.length; i++) {
    const e = equity[i]!;
    if (e > peak) peak = e;
    const d = peak > 0 ? (peak - e) / peak : 0;
    if (d > depth) depth = d;
  }

  let wins = 0;
  let grossProfit = 0;
  let lossSum = 0;
  let pnlSum = 0;
  for (const t of trades) {
    if (t.pnl > 0) {
      wins++;
      grossProfit += t.pnl;
    } else if (t.pnl < 0) lossSum += t.pnl;
    pnlSum += t.pnl;
  }
  const grossLoss = -lossSum;
  const n = trades.length;

  let sharpe: number | null = null;
  let sortino: number | null = null;
  const count = equity.length;
  if (count >= 2) {
    const barsPerYear = interval === '1M' ? 12 : YEAR_MS / barMs;
    let sum = 0;
    for (let i = 0; i < count; i++)
      sum += equity[i]! / (i === 0 ? initialCapital : equity[i - 1]!) - 1;
    const m = sum / count;
    let sq = 0;
    let down = 0;
    for (let i = 0; i < count; i++) {
      const r = equity[i]! / (i === 0 ? initialCapital : equity[i - 1]!) - 1;
      sq += (r - m) ** 2;
      down += Math.min(r, 0) ** 2;
    }
    const sd = Math.sqrt(sq / (count - 1));
    const dd = Math.sqrt(down / count);
    const scale = Math.sqrt(barsPerYear);
    if (sd > 0) sharpe = (m / sd) * scale;
    if (dd > 0) sortino = (m / dd) * scale;
  }

  return {
    netReturn: netProfit / initialCapital,
    cagr,
    maxDrawdown: depth,
    trades: n,
    winRate: n ? wins / n : null,
    profitFactor: n && grossLoss > 0 ? grossProfit / grossLoss : null,
    sharpe,
    sortino,
    calmar: cagr !== null && depth > 0 ? cagr / depth : null,
    expectancy: n ? pnlSum / n : null,
  };
}
