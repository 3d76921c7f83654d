// Two runs side by side: for each metric, which run did better (higher net return, shallower
// drawdown, less commission…). A metric without a direction (trades, exposure), a tie, or a
// metric one of the runs has no value for highlights neither.
import type { MetricRow } from './metrics-format';

export interface ComparedRow {
  key: string;
  label: string;
  a: MetricRow;
  b: MetricRow;
  winner: 'a' | 'b' | null;
}

export function compareRows(a: readonly MetricRow[], b: readonly MetricRow[]): ComparedRow[] {
  return a.flatMap((left) => {
    const right = b.find((r) => r.key === left.key);
    if (!right) return [];
    return [{ key: left.key, label: left.label, a: left, b: right, winner: winner(left, right) }];
  });
}

function winner(a: MetricRow, b: MetricRow): 'a' | 'b' | null {
  if (a.better === null || a.value === null || b.value === null || a.value === b.value) return null;
  const aHigher = a.value > b.value;
  return aHigher === (a.better === 'higher') ? 'a' : 'b';
}
