'use client';
// A finished sweep: its combinations in a table sortable by any column (ranked by the sweep's
// metric to start), a heatmap of the metric over the first two parameters (best over the
// others), and, with walk-forward, each window's in-sample choice against its out-of-sample
// result and the stitched out-of-sample equity, so overfitting shows as the gap between them.
import type { StoredSweep } from '@coinview/core/backtest/stored';
import type { Sweep, SweepMetric } from '@coinview/core/backtest/sweep';
import { SWEEP_METRICS } from '@coinview/core/backtest/sweep';
import { cn } from '@coinview/ui/cn';
import { CurveChart } from '@coinview/ui/curve-chart';
import { useMemo, useState } from 'react';
import { useTimeZone } from '~/components/time-zone';
import { numericFieldLabel } from './sweep-draft';
import {
  formatSweepMetric,
  heatShare,
  sortSweepRows,
  SWEEP_METRIC_LABELS,
  type SweepColumn,
} from './sweep-format';

const same = (a: SweepColumn, b: SweepColumn) =>
  a.kind === b.kind &&
  (a.kind === 'param' ? a.index === (b as typeof a).index : a.metric === (b as typeof a).metric);

export function SweepResult({ sweep, result }: { sweep: Sweep; result: StoredSweep }) {
  const timeZone = useTimeZone();
  const [sort, setSort] = useState<{ column: SweepColumn; direction: 'asc' | 'desc' }>({
    column: { kind: 'metric', metric: sweep.metric },
    direction: sweep.metric === 'maxDrawdown' ? 'asc' : 'desc',
  });
  const rows = useMemo(
    () => sortSweepRows(result.rows, sort.column, sort.direction),
    [result.rows, sort],
  );
  const columns: { column: SweepColumn; label: string }[] = [
    ...sweep.parameters.map((p, index) => ({
      column: { kind: 'param' as const, index },
      label: parameterLabel(sweep, p.path),
    })),
    ...SWEEP_METRICS.map((metric) => ({
      column: { kind: 'metric' as const, metric },
      label: SWEEP_METRIC_LABELS[metric],
    })),
  ];
  const wf = result.walkForward;

  return (
    <div className="flex flex-col gap-4" data-testid="sweep-result">
      <p className="text-sm text-muted">
        {result.combinations.toLocaleString('en-US')} combinations, ranked by{' '}
        {SWEEP_METRIC_LABELS[sweep.metric]}
        {result.rows.length < result.combinations ? ` (the best ${result.rows.length} kept)` : ''}.
      </p>
      {result.heatmap ? <Heatmap sweep={sweep} heatmap={result.heatmap} /> : null}
      <section
        aria-label="Combinations"
        className="max-h-[480px] overflow-auto rounded-lg border border-line bg-panel"
      >
        <table className="w-full min-w-[900px] text-sm tabular-nums">
          <thead className="sticky top-0 bg-panel text-xs text-muted">
            <tr className="border-b border-line">
              {columns.map(({ column, label }) => {
                const active = same(column, sort.column);
                return (
                  <th
                    key={label}
                    scope="col"
                    aria-sort={
                      active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'
                    }
                    className="px-3 py-2 text-right font-medium"
                  >
                    <button
                      type="button"
                      className={cn('hover:text-fg', active && 'text-fg-strong')}
                      onClick={() =>
                        setSort({
                          column,
                          direction: active && sort.direction === 'desc' ? 'asc' : 'desc',
                        })
                      }
                    >
                      {label}
                      {active ? (sort.direction === 'asc' ? ' ▲' : ' ▼') : ''}
                    </button>
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody className="divide-y divide-line/60">
            {rows.map((row) => (
              <tr key={row.index} data-testid="sweep-row">
                {sweep.parameters.map((_, i) => (
                  <td key={i} className="px-3 py-1 text-right text-fg-strong">
                    {row.values[i]}
                  </td>
                ))}
                {row.metrics ? (
                  SWEEP_METRICS.map((m) => (
                    <td key={m} className="px-3 py-1 text-right">
                      {formatSweepMetric(m, row.metrics![m])}
                    </td>
                  ))
                ) : (
                  <td colSpan={SWEEP_METRICS.length} className="px-3 py-1 text-down">
                    {row.error ?? 'Could not run'}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {wf ? (
        <section aria-label="Walk-forward" className="flex flex-col gap-3">
          <h3 className="text-base font-semibold text-fg-strong">Walk-forward</h3>
          <p className="text-sm text-muted">
            {SWEEP_METRIC_LABELS[wf.metric]}: in sample{' '}
            {formatSweepMetric(wf.metric, wf.gap.inSample)}, out of sample{' '}
            {formatSweepMetric(wf.metric, wf.gap.outOfSample)} (mean over windows; a large gap means
            the best combination fits its own bars more than the market).
          </p>
          <div className="overflow-x-auto rounded-lg border border-line bg-panel">
            <table className="w-full min-w-[640px] text-sm tabular-nums">
              <thead className="text-xs text-muted">
                <tr className="border-b border-line">
                  <th scope="col" className="px-3 py-2 text-left font-medium">
                    Window
                  </th>
                  <th scope="col" className="px-3 py-2 text-left font-medium">
                    Chosen in sample
                  </th>
                  <th scope="col" className="px-3 py-2 text-right font-medium">
                    In sample
                  </th>
                  <th scope="col" className="px-3 py-2 text-right font-medium">
                    Out of sample
                  </th>
                  <th scope="col" className="px-3 py-2 text-right font-medium">
                    Out-of-sample trades
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-line/60">
                {wf.windows.map((w, i) => (
                  <tr key={i} data-testid="walk-forward-window">
                    <td className="px-3 py-1.5 text-muted">
                      {i + 1} · bars {w.inFrom}–{w.inTo - 1} | {w.inTo}–{w.outTo - 1}
                    </td>
                    <td className="px-3 py-1.5">
                      {w.best
                        ? sweep.parameters
                            .map((p, k) => `${numericFieldLabel(p.path)} ${w.best!.values[k]}`)
                            .join(', ')
                        : '—'}
                    </td>
                    <td className="px-3 py-1.5 text-right">
                      {formatSweepMetric(wf.metric, w.best?.metrics?.[wf.metric] ?? null)}
                    </td>
                    <td className="px-3 py-1.5 text-right">
                      {formatSweepMetric(wf.metric, w.outOfSample?.[wf.metric] ?? null)}
                    </td>
                    <td className="px-3 py-1.5 text-right">{w.outOfSample?.trades ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {wf.stitched ? (
            <CurveChart
              label="Out-of-sample equity, windows chained"
              lines={[
                {
                  id: 'oos',
                  label: `Out-of-sample equity (net return ${formatSweepMetric('netReturn', wf.stitched.metrics.netReturn)})`,
                  color: '#5b8aff',
                  times: wf.stitched.times,
                  values: wf.stitched.equity,
                },
              ]}
              timeZone={timeZone}
              className="h-56 rounded-lg border border-line bg-panel p-2"
            />
          ) : null}
        </section>
      ) : null}
    </div>
  );
}

/** A parameter's words; one that sets other numbers too names them all ("Entry · series · period =
 *  Exit · series · period"). */
function parameterLabel(sweep: Sweep, path: string): string {
  const also = sweep.parameters.find((p) => p.path === path)?.also ?? [];
  return [path, ...also].map(numericFieldLabel).join(' = ');
}

function Heatmap({
  sweep,
  heatmap,
}: {
  sweep: Sweep;
  heatmap: NonNullable<StoredSweep['heatmap']>;
}) {
  const pLabel = parameterLabel(sweep, heatmap.p.path);
  const qLabel = parameterLabel(sweep, heatmap.q.path);
  const metric: SweepMetric = heatmap.metric;
  const values = heatmap.cells.flat().filter((v): v is number => v !== null);
  const min = Math.min(...values);
  const max = Math.max(...values);
  return (
    <section
      aria-label="Heatmap"
      className="overflow-x-auto rounded-lg border border-line bg-panel p-3"
    >
      <p className="mb-2 text-xs text-muted">
        {SWEEP_METRIC_LABELS[metric]} (best over the other parameters): rows {pLabel}, columns{' '}
        {qLabel}
      </p>
      <table className="border-separate border-spacing-0.5 text-[11px] tabular-nums">
        <thead>
          <tr>
            <th />
            {heatmap.q.values.map((q) => (
              <th key={q} scope="col" className="px-1 font-medium text-muted">
                {q}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {heatmap.p.values.map((p, i) => (
            <tr key={p}>
              <th scope="row" className="px-1 text-right font-medium text-muted">
                {p}
              </th>
              {heatmap.q.values.map((q, j) => {
                const v = heatmap.cells[i]?.[j] ?? null;
                const share = heatShare(metric, v, min, max);
                return (
                  <td
                    key={q}
                    data-testid="heat-cell"
                    title={`${pLabel} ${p}, ${qLabel} ${q}: ${formatSweepMetric(metric, v)}`}
                    className="min-w-12 rounded-sm px-1 py-1 text-center text-fg-strong"
                    style={{
                      background:
                        share === null
                          ? 'transparent'
                          : `color-mix(in srgb, #26a69a ${Math.round(share * 100)}%, #ef5350)`,
                    }}
                  >
                    {formatSweepMetric(metric, v)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
