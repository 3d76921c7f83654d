'use client';
// One saved run: while it is queued or running, its progress; when it failed, why; when it is
// done, the price chart with its trades, equity against buy-and-hold with the drawdown under it,
// every metric, and the trades (a click scrolls the chart to one), exportable as CSV.
import type { Trade } from '@coinview/core/backtest/engine';
import type { StoredResult } from '@coinview/core/backtest/stored';
import { sweepSchema } from '@coinview/core/backtest/sweep';
import { describeRule } from '@coinview/core/rules/message';
import { formatDateTime } from '@coinview/core/time-zone';
import { Button } from '@coinview/ui/button';
import { CurveChart, type CurveLine } from '@coinview/ui/curve-chart';
import { useQuery } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import { useMemo, useState } from 'react';
import { FormAlert } from '~/components/form-alert';
import { useTimeZone } from '~/components/time-zone';
import type { AppRouter } from '~/server/api/root';
import { useTRPC } from '~/trpc/react';
import { MetricsTable } from './metrics-table';
import { metricRows, type RunFigures } from './metrics-format';
import { ResultPriceChart, type TradeFocus } from './result-price-chart';
import { useRunCandles } from './run-candles';
import { isActive, RunStatusBadge } from './run-status-badge';
import { SweepResult } from './sweep-result';
import { TradesTable } from './trades-table';
import { downloadCsv, tradesCsv, tradesFilename } from './trades-csv';

type BacktestRunView = inferRouterOutputs<AppRouter>['backtests']['get'];

export const CURVE_COLORS = { equity: '#5b8aff', buyAndHold: '#9598a1', drawdown: '#ef5350' };

/** The figures the metrics table and the comparison read from a stored result. */
export function runFigures(result: StoredResult): RunFigures {
  const hold = result.curve.buyAndHold.at(-1);
  return {
    metrics: result.metrics,
    finalEquity: result.finalEquity,
    buyAndHoldReturn: hold === undefined ? null : hold / result.initialCapital - 1,
    open: result.open !== null,
  };
}

export function equityLines(result: StoredResult, prefix = '', label = ''): CurveLine[] {
  const { times, equity, buyAndHold } = result.curve;
  return [
    {
      id: `${prefix}equity`,
      label: `${label}Equity`,
      color: CURVE_COLORS.equity,
      times,
      values: equity,
    },
    {
      id: `${prefix}hold`,
      label: `${label}Buy and hold`,
      color: CURVE_COLORS.buyAndHold,
      times,
      values: buyAndHold,
    },
  ];
}

export function ResultView({ id }: { id: string }) {
  const trpc = useTRPC();
  const run = useQuery({
    ...trpc.backtests.get.queryOptions({ id }),
    // Live events refresh it; while it works, a slow poll covers a dropped live connection.
    refetchInterval: (q) => (q.state.data && isActive(q.state.data.status) ? 10_000 : false),
  });
  if (run.isPending)
    return (
      <div aria-label="Loading the backtest" className="space-y-3">
        <div className="h-8 w-1/2 animate-pulse rounded bg-raised" />
        <div className="h-64 animate-pulse rounded bg-raised" />
      </div>
    );
  if (run.isError)
    return (
      <div className="flex flex-col items-start gap-3">
        <FormAlert>Could not load this backtest: {run.error.message}</FormAlert>
        <Button variant="secondary" onClick={() => void run.refetch()}>
          Retry
        </Button>
      </div>
    );
  return <RunDetails run={run.data} />;
}

function RunDetails({ run }: { run: BacktestRunView }) {
  const timeZone = useTimeZone();
  // Stored as the server accepted it; parsed here for its type.
  const sweep = useMemo(() => sweepSchema.safeParse(run.sweep).data ?? null, [run.sweep]);
  const s = run.strategy;
  return (
    <article className="flex flex-col gap-4" aria-label={run.name} data-testid="backtest-result">
      <header className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <h2 className="flex items-center gap-2 text-lg font-semibold text-fg-strong">
            <span className="truncate">{run.name}</span>
            <RunStatusBadge status={run.status} />
          </h2>
          <p className="mt-1 text-xs text-muted">
            {run.symbol} · {run.interval} · {formatDateTime(run.from, timeZone, { year: true })} →{' '}
            {formatDateTime(run.to, timeZone, { year: true })}
          </p>
          <p className="mt-1 text-sm text-fg">
            Buy when {describeRule({ condition: s.entry })}; sell when{' '}
            {describeRule({ condition: s.exit })}.
          </p>
          <p className="mt-0.5 text-xs text-muted">
            {s.sizing.mode === 'percentOfEquity'
              ? `${s.sizing.percent}% of equity`
              : s.sizing.mode === 'quote'
                ? `${s.sizing.amount} quote per entry`
                : `${s.sizing.quantity} per entry`}{' '}
            · commission {s.commissionPct}% · slippage{' '}
            {s.slippage.unit === 'percent'
              ? `${s.slippage.percent}%`
              : `${s.slippage.ticks} × ${s.slippage.tickSize}`}
            {s.stopLossPct === null ? '' : ` · stop ${s.stopLossPct}%`}
            {s.takeProfitPct === null ? '' : ` · target ${s.takeProfitPct}%`} · fills at{' '}
            {s.fill === 'nextOpen' ? 'next open' : 'signal close'} · capital {s.initialCapital}
          </p>
        </div>
      </header>
      {isActive(run.status) ? (
        <FormAlert tone="info">
          {run.stage ?? 'Waiting for a worker'} · {Math.round(run.progress * 100)}%. The result
          appears here when the run is done.
        </FormAlert>
      ) : run.status === 'failed' ? (
        <FormAlert>This backtest failed: {run.error ?? 'no reason recorded'}</FormAlert>
      ) : run.status === 'cancelled' ? (
        <FormAlert tone="info">This backtest was cancelled before it finished.</FormAlert>
      ) : run.kind === 'sweep' ? (
        run.sweepResult && sweep ? (
          <SweepResult sweep={sweep} result={run.sweepResult} />
        ) : (
          <FormAlert>This sweep is done but has no result stored.</FormAlert>
        )
      ) : run.result ? (
        <ResultBody run={run} result={run.result} />
      ) : (
        <FormAlert>This run is done but has no result stored.</FormAlert>
      )}
    </article>
  );
}

function ResultBody({ run, result }: { run: BacktestRunView; result: StoredResult }) {
  const timeZone = useTimeZone();
  const candles = useRunCandles(run.id);
  const [focus, setFocus] = useState<TradeFocus | null>(null);
  const rows = useMemo(() => metricRows(runFigures(result)), [result]);
  const lines = useMemo(() => equityLines(result), [result]);
  const drawdown = useMemo<CurveLine[]>(
    () => [
      {
        id: 'drawdown',
        label: 'Drawdown',
        color: CURVE_COLORS.drawdown,
        times: result.curve.times,
        values: result.curve.drawdown.map((d) => -d),
        percent: true,
        area: true,
      },
    ],
    [result],
  );

  async function pick(trade: Trade) {
    if (!(await candles.reach(trade.entryTime))) return;
    setFocus({ from: trade.entryTime / 1000, to: trade.exitTime / 1000, key: Date.now() });
    document.getElementById('backtest-price-chart')?.scrollIntoView({ block: 'nearest' });
  }

  return (
    <>
      <MetricsTable rows={rows} />
      <section id="backtest-price-chart" aria-label="Price and trades" className="scroll-mt-4">
        <ResultPriceChart
          candles={candles}
          symbol={run.symbol}
          interval={run.interval}
          trades={result.trades}
          open={result.open}
          focus={focus}
        />
      </section>
      <div className="grid gap-4 lg:grid-cols-2">
        <CurveChart
          label="Equity and buy and hold"
          lines={lines}
          timeZone={timeZone}
          className="h-64 rounded-lg border border-line bg-panel p-2"
        />
        <CurveChart
          label="Drawdown"
          lines={drawdown}
          timeZone={timeZone}
          className="h-64 rounded-lg border border-line bg-panel p-2"
        />
      </div>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 className="text-base font-semibold text-fg-strong">
          Trades <span className="text-sm font-normal text-muted">({result.trades.length})</span>
        </h3>
        <Button
          variant="secondary"
          size="sm"
          data-testid="export-trades"
          disabled={result.trades.length === 0 && !result.open}
          onClick={() => downloadCsv(tradesCsv(result.trades, result.open), tradesFilename(run))}
        >
          Export trades CSV
        </Button>
      </div>
      <TradesTable trades={result.trades} open={result.open} onPick={(t) => void pick(t)} />
    </>
  );
}
