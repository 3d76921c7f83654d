'use client';
// Two finished runs side by side: every metric with the better value of the two highlighted, and
// both equity curves on one chart (each with its buy-and-hold when the runs cover different
// markets or ranges; one buy-and-hold would mislead then).
import { Button } from '@coinview/ui/button';
import { cn } from '@coinview/ui/cn';
import { CurveChart, type CurveLine } from '@coinview/ui/curve-chart';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { FormAlert } from '~/components/form-alert';
import { useTimeZone } from '~/components/time-zone';
import { useTRPC } from '~/trpc/react';
import { compareRows } from './compare';
import { metricRows } from './metrics-format';
import { runFigures } from './result-view';

const COLORS = { a: '#5b8aff', b: '#f7a600' };

export function CompareView({ a, b, onClose }: { a: string; b: string; onClose: () => void }) {
  const trpc = useTRPC();
  const timeZone = useTimeZone();
  const runA = useQuery(trpc.backtests.get.queryOptions({ id: a }));
  const runB = useQuery(trpc.backtests.get.queryOptions({ id: b }));
  const ra = runA.data?.result ?? null;
  const rb = runB.data?.result ?? null;
  const rows = useMemo(
    () => (ra && rb ? compareRows(metricRows(runFigures(ra)), metricRows(runFigures(rb))) : []),
    [ra, rb],
  );
  const lines = useMemo<CurveLine[]>(() => {
    if (!ra || !rb) return [];
    return [
      {
        id: 'a',
        label: 'A: equity',
        color: COLORS.a,
        times: ra.curve.times,
        values: ra.curve.equity,
      },
      {
        id: 'b',
        label: 'B: equity',
        color: COLORS.b,
        times: rb.curve.times,
        values: rb.curve.equity,
      },
    ];
  }, [ra, rb]);

  const header = (
    <div className="flex items-center justify-between gap-3">
      <h2 className="text-lg font-semibold text-fg-strong">Compare two backtests</h2>
      <Button variant="ghost" size="sm" onClick={onClose}>
        Close
      </Button>
    </div>
  );
  if (runA.isPending || runB.isPending)
    return (
      <div className="flex flex-col gap-3">
        {header}
        <div aria-label="Loading the runs" className="h-64 animate-pulse rounded bg-raised" />
      </div>
    );
  const error = runA.error ?? runB.error;
  if (error || !runA.data || !runB.data || !ra || !rb)
    return (
      <div className="flex flex-col gap-3">
        {header}
        <FormAlert>
          {error
            ? `Could not load the runs: ${error.message}`
            : 'Both runs need a finished result.'}
        </FormAlert>
      </div>
    );
  const names = { a: runA.data.name, b: runB.data.name };

  return (
    <section className="flex flex-col gap-4" aria-label="Comparison" data-testid="backtest-compare">
      {header}
      <div className="overflow-x-auto rounded-lg border border-line bg-panel">
        <table className="w-full min-w-[520px] text-sm tabular-nums">
          <thead className="text-xs text-muted">
            <tr className="border-b border-line">
              <th scope="col" className="px-3 py-2 text-left font-medium">
                Metric
              </th>
              {(['a', 'b'] as const).map((k) => (
                <th key={k} scope="col" className="px-3 py-2 text-right font-medium">
                  <span
                    className="mr-1 inline-block size-2 rounded-full"
                    style={{ background: COLORS[k] }}
                  />
                  {k.toUpperCase()}: {names[k]}
                  <span className="block font-normal">
                    {(k === 'a' ? runA : runB).data.symbol} ·{' '}
                    {(k === 'a' ? runA : runB).data.interval}
                  </span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-line/60">
            {rows.map((r) => (
              <tr key={r.key} data-testid={`compare-${r.key}`} data-winner={r.winner ?? ''}>
                <th scope="row" className="px-3 py-1.5 text-left font-normal text-muted">
                  {r.label}
                </th>
                {(['a', 'b'] as const).map((k) => (
                  <td
                    key={k}
                    title={r[k].why}
                    className={cn(
                      'px-3 py-1.5 text-right',
                      r.winner === k ? 'bg-up/10 font-semibold text-up' : 'text-fg',
                    )}
                  >
                    {r[k].text}
                    {r.winner === k ? <span className="sr-only"> (better)</span> : null}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <CurveChart
        label="Equity of both runs"
        lines={lines}
        timeZone={timeZone}
        className="h-72 rounded-lg border border-line bg-panel p-2"
      />
    </section>
  );
}
