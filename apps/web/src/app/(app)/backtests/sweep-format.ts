// Labels and formats of a sweep's metrics (SweepMetrics: maxDrawdown is the depth), and the
// sorting of its table by any column.
import type { SweepMetric, SweepRow } from '@coinview/core/backtest/sweep';
import { formatMoney, formatPercent, formatRatio, formatSignedPercent } from './metrics-format';

export const SWEEP_METRIC_LABELS: Record<SweepMetric, string> = {
  netReturn: 'Net return',
  cagr: 'CAGR',
  sharpe: 'Sharpe ratio',
  sortino: 'Sortino ratio',
  calmar: 'Calmar ratio',
  profitFactor: 'Profit factor',
  winRate: 'Win rate',
  expectancy: 'Expectancy',
  maxDrawdown: 'Max drawdown',
  trades: 'Trades',
};

export function formatSweepMetric(metric: SweepMetric, value: number | null): string {
  switch (metric) {
    case 'netReturn':
    case 'cagr':
      return formatSignedPercent(value);
    case 'winRate':
    case 'maxDrawdown':
      return formatPercent(value);
    case 'expectancy':
      return formatMoney(value);
    case 'trades':
      return value === null ? '—' : value.toLocaleString('en-US');
    default:
      return formatRatio(value);
  }
}

/** A column of the sweep table: a parameter (by position) or a metric. */
export type SweepColumn =
  { kind: 'param'; index: number } | { kind: 'metric'; metric: SweepMetric };

const cell = (row: SweepRow, column: SweepColumn): number | null => {
  if (column.kind === 'param') return row.values[column.index] ?? null;
  const v = row.metrics?.[column.metric];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
};

/** Rows by a column, ascending or descending; rows without a value last either way, then by
 *  combination index. */
export function sortSweepRows(
  rows: readonly SweepRow[],
  column: SweepColumn,
  direction: 'asc' | 'desc',
): SweepRow[] {
  const sign = direction === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = cell(a, column);
    const y = cell(b, column);
    if (x === null || y === null) {
      if (x !== y) return x === null ? 1 : -1;
    } else if (x !== y) return sign * (x - y);
    return a.index - b.index;
  });
}

/** 0 (worst) … 1 (best) of a heatmap cell between the grid's worst and best values. */
export function heatShare(
  metric: SweepMetric,
  value: number | null,
  min: number,
  max: number,
): number | null {
  if (value === null) return null;
  if (max === min) return 1;
  const share = (value - min) / (max - min);
  return metric === 'maxDrawdown' ? 1 - share : share;
}
