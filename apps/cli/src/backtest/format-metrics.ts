// The metrics table `coinview backtest` prints: one line per number, formatted for people
// (thousands separators, percents, two decimals), "—" where a metric has no value for the run.
import type { BacktestResult } from '@coinview/core/backtest/engine';
import type { BacktestMetrics } from '@coinview/core/backtest/metrics';

const NONE = '—';

const fixed = (n: number, digits = 2) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const money = (n: number | null) => (n === null ? NONE : fixed(n));
const percent = (n: number | null) => (n === null ? NONE : `${fixed(n * 100)}%`);
const ratio = (n: number | null) => (n === null ? NONE : fixed(n));

/** Buy-and-hold over the same bars, as a fraction of the initial capital; null without bars. */
export function buyAndHoldReturn(result: BacktestResult): number | null {
  const last = result.buyAndHold.at(-1);
  return last === undefined ? null : last / result.initialCapital - 1;
}

const duration = (ms: number) => {
  const hours = ms / 3_600_000;
  return hours >= 48 ? `${fixed(hours / 24, 1)} days` : `${fixed(hours, 1)} hours`;
};

/** The metrics as [label, formatted value] rows: the printed table and the HTML report's. */
export function metricRows(result: BacktestResult, m: BacktestMetrics): [string, string][] {
  return [
    ['net profit', money(m.netProfit)],
    ['net return', percent(m.netReturn)],
    ['CAGR', percent(m.cagr)],
    [
      'max drawdown',
      m.maxDrawdown.depth > 0
        ? `${percent(m.maxDrawdown.depth)} (${money(m.maxDrawdown.amount)})`
        : percent(0),
    ],
    [
      'max drawdown duration',
      m.maxDrawdown.depth > 0
        ? `${duration(m.maxDrawdown.durationMs)} (${m.maxDrawdown.durationBars.toLocaleString('en-US')} bars${m.maxDrawdown.recovered ? '' : ', not recovered'})`
        : NONE,
    ],
    ['win rate', percent(m.winRate)],
    ['profit factor', ratio(m.profitFactor)],
    ['expectancy', money(m.expectancy)],
    ['average win', money(m.averageWin)],
    ['average loss', money(m.averageLoss)],
    ['Sharpe', ratio(m.sharpe)],
    ['Sortino', ratio(m.sortino)],
    ['Calmar', ratio(m.calmar)],
    ['exposure', percent(m.exposure)],
    ['commission', money(m.commissionPaid)],
    ['trades', `${m.trades.toLocaleString('en-US')}${result.open ? ' (+1 open)' : ''}`],
    ['avg bars in trade', m.averageBarsInTrade === null ? NONE : fixed(m.averageBarsInTrade, 1)],
    ['buy-and-hold return', percent(buyAndHoldReturn(result))],
    ['final equity', money(result.finalEquity)],
  ];
}

export function formatMetrics(result: BacktestResult, m: BacktestMetrics): string {
  const rows = metricRows(result, m);
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join('\n');
}
