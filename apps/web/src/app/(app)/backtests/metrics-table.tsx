// Every metric of a run in two columns of label and value; a metric without a value shows "—"
// with the reason as its tooltip (and to screen readers).
import { cn } from '@coinview/ui/cn';
import type { MetricRow } from './metrics-format';

const tone = (r: MetricRow) =>
  r.value === null || r.better === null || r.key === 'finalEquity'
    ? 'text-fg'
    : r.key === 'netProfit' || r.key === 'netReturn' || r.key === 'cagr'
      ? r.value > 0
        ? 'text-up'
        : r.value < 0
          ? 'text-down'
          : 'text-fg'
      : 'text-fg';

export function MetricsTable({ rows }: { rows: readonly MetricRow[] }) {
  return (
    <dl
      aria-label="Metrics"
      className="grid grid-cols-1 gap-x-6 rounded-lg border border-line bg-panel px-4 py-2 sm:grid-cols-2 xl:grid-cols-3"
    >
      {rows.map((r) => (
        <div
          key={r.key}
          data-testid={`metric-${r.key}`}
          className="flex items-baseline justify-between gap-3 border-b border-line/60 py-1.5 text-sm last:border-b-0"
        >
          <dt className="text-muted">{r.label}</dt>
          <dd
            className={cn('text-right tabular-nums', tone(r))}
            title={r.why}
            aria-description={r.why}
          >
            {r.text}
          </dd>
        </div>
      ))}
    </dl>
  );
}
