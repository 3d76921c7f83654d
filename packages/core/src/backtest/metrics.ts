// The numbers a trader reads off a backtest, computed from its result. Every ratio that has no
// meaning for the data (no trades, no losing trade, a flat equity curve) is null, never NaN or
// Infinity: JSON.stringify turns those into null anyway, so null is what a saved result would
// hold; saying it here keeps the in-memory and saved results equal.
import { intervalMs, type Interval } from '../interval';
import type { BacktestResult } from './engine';

/** 365 days: crypto markets trade every day. */
const YEAR_MS = 365 * 24 * 3600 * 1000;

export interface MaxDrawdown {
  /** Deepest fall of equity below its running peak, as a fraction of the peak (0.25 = 25%). */
  depth: number;
  /** The same fall in the quote asset. */
  amount: number;
  /** ms, bar (at its close) of the peak before the deepest fall, and of its trough. */
  peakTime: number | null;
  troughTime: number | null;
  /** From that peak until equity is back at or above it (or the last bar if never): bars, ms. */
  durationBars: number;
  durationMs: number;
  recovered: boolean;
}

export interface BacktestMetrics {
  /** Final equity (open position marked at the last close) − initial capital. */
  netProfit: number;
  /** netProfit ÷ initial capital. */
  netReturn: number;
  /** (final ÷ initial)^(1 ÷ years) − 1, years = (last bar open − first bar open + one bar) ÷ 365
   *  days; −1 when the account is wiped out; null without bars. */
  cagr: number | null;
  maxDrawdown: MaxDrawdown;
  /** Closed trades only (the open position is not a trade yet). */
  trades: number;
  /** Trades with pnl > 0 ÷ trades; null without trades. */
  winRate: number | null;
  /** Sum of winning pnl ÷ |sum of losing pnl|; null without trades or without a losing trade
   *  (the ratio is unbounded: read winRate and averageWin instead). */
  profitFactor: number | null;
  /** Mean pnl per closed trade (quote asset); null without trades. */
  expectancy: number | null;
  /** Mean pnl of winning / losing trades (the loss is negative); null when there is none. */
  averageWin: number | null;
  averageLoss: number | null;
  /**
   * Per-bar simple returns r_i = equity_i ÷ equity_{i−1} − 1 (equity_{−1} = initial capital), risk
   * free rate 0, annualised by √(bars per year) with bars per year = 365 days ÷ the interval (a
   * month counted as 365/12 days). Sharpe = mean(r) ÷ sample stdev(r) × √N; Sortino = mean(r) ÷
   * downside deviation × √N, downside deviation = √(Σ min(r, 0)² ÷ n). A gap in the data makes
   * one return span several bars; it is still counted as one. null when the deviation is 0 or
   * there are fewer than 2 returns.
   */
  sharpe: number | null;
  sortino: number | null;
  /** CAGR ÷ max drawdown depth; null when there is no drawdown or no CAGR. */
  calmar: number | null;
  /** Bars with a position held at their close ÷ all bars; 0 without bars. */
  exposure: number;
  /** Commission on every fill, including the open position's entry. */
  commissionPaid: number;
  /** Mean barsHeld of closed trades; null without trades. */
  averageBarsInTrade: number | null;
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

export function maxDrawdownOf(times: readonly number[], equity: readonly number[]): MaxDrawdown {
  const none: MaxDrawdown = {
    depth: 0,
    amount: 0,
    peakTime: null,
    troughTime: null,
    durationBars: 0,
    durationMs: 0,
    recovered: true,
  };
  let peak = -Infinity;
  let peakIndex = -1;
  let worst = { depth: 0, peakIndex: -1, troughIndex: -1 };
  for (let i = 0; i < equity.length; i++) {
    const e = equity[i]!;
    if (e > peak) {
      peak = e;
      peakIndex = i;
    }
    const depth = peak > 0 ? (peak - e) / peak : 0;
    if (depth > worst.depth) worst = { depth, peakIndex, troughIndex: i };
  }
  if (worst.troughIndex < 0) return none;
  const peakValue = equity[worst.peakIndex]!;
  let end = equity.length - 1;
  let recovered = false;
  for (let i = worst.troughIndex + 1; i < equity.length; i++)
    if (equity[i]! >= peakValue) {
      end = i;
      recovered = true;
      break;
    }
  return {
    depth: worst.depth,
    amount: peakValue - equity[worst.troughIndex]!,
    peakTime: times[worst.peakIndex]!,
    troughTime: times[worst.troughIndex]!,
    durationBars: end - worst.peakIndex,
    durationMs: times[end]! - times[worst.peakIndex]!,
    recovered,
  };
}

export function computeMetrics(result: BacktestResult, interval: Interval): BacktestMetrics {
  const { equity, times, trades, initialCapital, finalEquity } = result;
  const netProfit = finalEquity - initialCapital;
  const first = times[0];
  const barMs = intervalMs(interval, first ?? 0);
  const years = first === undefined ? 0 : (times[times.length - 1]! - first + barMs) / YEAR_MS;
  const cagr =
    years <= 0 ? null : finalEquity <= 0 ? -1 : (finalEquity / initialCapital) ** (1 / years) - 1;
  const maxDrawdown = maxDrawdownOf(times, equity);

  const pnls = trades.map((t) => t.pnl);
  const wins = pnls.filter((p) => p > 0);
  const losses = pnls.filter((p) => p < 0);
  const grossProfit = wins.reduce((a, b) => a + b, 0);
  const grossLoss = -losses.reduce((a, b) => a + b, 0);

  const returns = equity.map((e, i) => e / (i === 0 ? initialCapital : equity[i - 1]!) - 1);
  const barsPerYear = interval === '1M' ? 12 : YEAR_MS / barMs;
  let sharpe: number | null = null;
  let sortino: number | null = null;
  if (returns.length >= 2) {
    const m = mean(returns);
    const sd = Math.sqrt(returns.reduce((a, r) => a + (r - m) ** 2, 0) / (returns.length - 1));
    const dd = Math.sqrt(returns.reduce((a, r) => a + Math.min(r, 0) ** 2, 0) / returns.length);
    const scale = Math.sqrt(barsPerYear);
    if (sd > 0) sharpe = (m / sd) * scale;
    if (dd > 0) sortino = (m / dd) * scale;
  }

  return {
    netProfit,
    netReturn: netProfit / initialCapital,
    cagr,
    maxDrawdown,
    trades: trades.length,
    winRate: trades.length ? wins.length / trades.length : null,
    profitFactor: trades.length && grossLoss > 0 ? grossProfit / grossLoss : null,
    expectancy: trades.length ? mean(pnls) : null,
    averageWin: wins.length ? mean(wins) : null,
    averageLoss: losses.length ? mean(losses) : null,
    sharpe,
    sortino,
    calmar: cagr !== null && maxDrawdown.depth > 0 ? cagr / maxDrawdown.depth : null,
    exposure: equity.length ? result.inPosition.reduce((a, b) => a + b, 0) / equity.length : 0,
    commissionPaid: result.commissionPaid,
    averageBarsInTrade: trades.length ? mean(trades.map((t) => t.barsHeld)) : null,
  };
}
