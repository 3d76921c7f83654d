// How a backtest's numbers read on the page: money with two decimals and thousands grouped,
// fractions as percents, ratios with two decimals, and "—" where a metric has no value for the run,
// with the reason in words (shown as the cell's tooltip). One list of rows feeds the metrics table
// and the comparison of two runs, which also needs to know which direction is better.
import type { BacktestMetrics } from '@coinview/core/backtest/metrics';

export const NONE = '—';

const fixed = (n: number, digits = 2) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

export const formatMoney = (n: number | null) => (n === null ? NONE : fixed(n));
export const formatPercent = (n: number | null) => (n === null ? NONE : `${fixed(n * 100)}%`);
export const formatRatio = (n: number | null) => (n === null ? NONE : fixed(n));
/** A signed percent for returns: "+12.30%", "−4.00%". */
export function formatSignedPercent(n: number | null): string {
  if (n === null) return NONE;
  const text = fixed(Math.abs(n) * 100);
  return n > 0 ? `+${text}%` : n < 0 ? `−${text}%` : `${text}%`;
}

/** "3 d 4 h", "5 h 30 min", "12 min", "0 min". */
export function formatDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  if (d > 0) return h > 0 ? `${d} d ${h} h` : `${d} d`;
  if (h > 0) return m > 0 ? `${h} h ${m} min` : `${h} h`;
  return `${m} min`;
}

/** A price as the exchange would quote it: up to 8 significant decimals, no trailing zeros. */
export function formatPrice(n: number): string {
  return Number(n.toPrecision(10)).toLocaleString('en-US', { maximumFractionDigits: 8 });
}

export function formatQuantity(n: number): string {
  return Number(n.toPrecision(8)).toLocaleString('en-US', { maximumFractionDigits: 8 });
}

export interface MetricRow {
  key: string;
  label: string;
  value: number | null;
  text: string;
  /** Why there is no value (the tooltip of "—"). */
  why?: string;
  /** Which way is better when two runs are compared; null = neither (a count, a share). */
  better: 'higher' | 'lower' | null;
}

export interface RunFigures {
  metrics: BacktestMetrics;
  finalEquity: number;
  /** Buy-and-hold over the same bars, as a fraction of the initial capital; null without bars. */
  buyAndHoldReturn: number | null;
  /** A position was still open after the last bar. */
  open: boolean;
}

const NO_TRADES = 'No closed trades in this run';

/** Every BacktestMetrics figure (and final equity, buy-and-hold) as a labelled row. */
export function metricRows({ metrics: m, finalEquity, buyAndHoldReturn, open }: RunFigures) {
  const dd = m.maxDrawdown;
  const noTrades = m.trades === 0 ? NO_TRADES : undefined;
  const rows: MetricRow[] = [
    row('netProfit', 'Net profit', m.netProfit, formatMoney, 'higher'),
    row('netReturn', 'Net return', m.netReturn, formatSignedPercent, 'higher'),
    row(
      'buyAndHold',
      'Buy-and-hold return',
      buyAndHoldReturn,
      formatSignedPercent,
      null,
      'No bars',
    ),
    row('finalEquity', 'Final equity', finalEquity, formatMoney, 'higher'),
    row('cagr', 'CAGR', m.cagr, formatSignedPercent, 'higher', 'No bars'),
    {
      key: 'maxDrawdown',
      label: 'Max drawdown',
      value: dd.depth,
      text:
        dd.depth > 0 ? `${formatPercent(dd.depth)} (${formatMoney(dd.amount)})` : formatPercent(0),
      better: 'lower',
    },
    {
      key: 'maxDrawdownDuration',
      label: 'Max drawdown duration',
      value: dd.depth > 0 ? dd.durationMs : null,
      text:
        dd.depth > 0
          ? `${formatDuration(dd.durationMs)} · ${dd.durationBars.toLocaleString('en-US')} bars${dd.recovered ? '' : ' (not recovered)'}`
          : NONE,
      why: dd.depth > 0 ? undefined : 'Equity never fell below a previous high',
      better: 'lower',
    },
    row(
      'trades',
      'Trades',
      m.trades,
      (n) => `${n!.toLocaleString('en-US')}${open ? ' (+1 open)' : ''}`,
      null,
    ),
    row('winRate', 'Win rate', m.winRate, formatPercent, 'higher', noTrades),
    row(
      'profitFactor',
      'Profit factor',
      m.profitFactor,
      formatRatio,
      'higher',
      noTrades ?? 'No losing trade: the ratio has no bound (see win rate and average win)',
    ),
    row('expectancy', 'Expectancy (per trade)', m.expectancy, formatMoney, 'higher', noTrades),
    row(
      'averageWin',
      'Average win',
      m.averageWin,
      formatMoney,
      'higher',
      noTrades ?? 'No winning trade',
    ),
    row(
      'averageLoss',
      'Average loss',
      m.averageLoss,
      formatMoney,
      'higher',
      noTrades ?? 'No losing trade',
    ),
    row(
      'sharpe',
      'Sharpe ratio',
      m.sharpe,
      formatRatio,
      'higher',
      'Equity did not vary from bar to bar (or fewer than 2 bars)',
    ),
    row(
      'sortino',
      'Sortino ratio',
      m.sortino,
      formatRatio,
      'higher',
      'No bar lost money (no downside deviation), or fewer than 2 bars',
    ),
    row('calmar', 'Calmar ratio', m.calmar, formatRatio, 'higher', 'No drawdown to divide by'),
    row('exposure', 'Exposure', m.exposure, formatPercent, null),
    row('commissionPaid', 'Commission paid', m.commissionPaid, formatMoney, 'lower'),
    row(
      'averageBarsInTrade',
      'Average bars in trade',
      m.averageBarsInTrade,
      (n) => fixed(n!, 1),
      null,
      noTrades,
    ),
  ];
  return rows;
}

function row(
  key: string,
  label: string,
  value: number | null,
  format: (n: number | null) => string,
  better: MetricRow['better'],
  why?: string,
): MetricRow {
  return value === null
    ? { key, label, value, text: NONE, why: why ?? 'No value for this run', better }
    : { key, label, value, text: format(value), better };
}
