'use client';
// The chart page's client side: toolbar, chart and the states around it (loading, no data yet,
// errors). Data comes from useMarketFeed; the chart component only draws.
import type { Interval } from '@coinview/core/interval';
import { CandleChart } from '@coinview/ui/candle-chart';
import { Button } from '@coinview/ui/button';
import { ChartSkeleton } from './chart-skeleton';
import { ChartToolbar } from './chart-toolbar';
import { type ChartSymbol, PRICE_PRECISION } from './markets';
import { useMarketFeed } from './use-market-feed';

export function ChartWorkspace({ symbol, interval }: { symbol: ChartSymbol; interval: Interval }) {
  const feed = useMarketFeed(symbol, interval);
  const precision = PRICE_PRECISION[symbol];
  const loaded = feed.history.data !== undefined;
  const waiting = loaded && feed.tape.count === 0;

  return (
    <main className="flex min-h-0 flex-1 flex-col">
      <h1 className="sr-only">
        {symbol} {interval} chart
      </h1>
      <ChartToolbar
        symbol={symbol}
        interval={interval}
        tape={feed.tape}
        precision={precision}
        status={feed.status}
        statusDetail={feed.liveError?.message}
      />
      <div className="relative min-h-[360px] flex-1 bg-canvas">
        {feed.history.isPending && <ChartSkeleton />}

        {feed.history.isError && !loaded && (
          <div
            role="alert"
            className="absolute inset-0 flex flex-col items-center justify-center gap-3 p-6 text-center"
          >
            <p className="text-sm font-medium text-fg-strong">Could not load {symbol} history.</p>
            <p className="max-w-md text-sm text-muted">{feed.history.error.message}</p>
            <Button variant="secondary" onClick={() => void feed.history.refetch()}>
              Try again
            </Button>
          </div>
        )}

        {loaded && (
          <CandleChart
            // A new market is a new chart: nothing of the previous one's scale or bars carries over.
            key={`${symbol}:${interval}`}
            className="absolute inset-0"
            bars={feed.bars}
            liveBar={feed.liveBar}
            precision={precision}
            interval={interval}
            onNearStart={feed.loadOlder}
            loadingHistory={feed.loadingOlder}
            title={`${symbol} · ${interval} · Binance`}
          />
        )}

        {feed.olderError && (
          <div
            role="alert"
            className="absolute bottom-10 left-3 z-10 flex max-w-xs items-center gap-2 rounded-md border border-down/40 bg-panel px-3 py-2 text-xs"
          >
            <span className="text-fg">Older bars could not be loaded.</span>
            <Button variant="ghost" size="sm" onClick={feed.loadOlder}>
              Retry
            </Button>
          </div>
        )}

        {waiting && (
          <div className="pointer-events-none absolute inset-0 z-10 flex flex-col items-center justify-center gap-2 p-6 text-center">
            <span
              aria-hidden
              className="h-5 w-5 animate-spin rounded-full border-2 border-muted border-r-transparent"
            />
            <p className="text-sm text-fg">Waiting for market data from the worker…</p>
            <p className="max-w-sm text-xs text-muted">
              No {symbol} {interval} candles yet. They appear here as soon as the worker collects
              them.
            </p>
          </div>
        )}

        {feed.status === 'error' && (
          <div
            role="alert"
            className="absolute inset-x-3 bottom-10 z-10 mx-auto flex max-w-lg items-center justify-between gap-3 rounded-md border border-down/40 bg-panel px-3 py-2 text-sm"
          >
            <span className="text-fg">
              Live updates stopped{feed.liveError ? `: ${feed.liveError.message}` : '.'}
            </span>
            <Button variant="ghost" size="sm" onClick={feed.restartLive}>
              Reconnect
            </Button>
          </div>
        )}
      </div>
    </main>
  );
}
