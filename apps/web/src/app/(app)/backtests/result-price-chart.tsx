'use client';
// The run's price chart: its bars (paged back as the view nears the oldest), the trades as buy and
// sell markers, and a focus that a click on a trade moves (loading older bars first if needed).
import type { Trade } from '@coinview/core/backtest/engine';
import type { Interval } from '@coinview/core/interval';
import { CandleChart } from '@coinview/ui/candle-chart';
import { ChartFocus } from '@coinview/ui/chart-focus';
import { FillMarkers } from '@coinview/ui/fill-markers';
import { useMemo } from 'react';
import { FormAlert } from '~/components/form-alert';
import { useTimeZone } from '~/components/time-zone';
import type { RunCandles } from './run-candles';
import { tradeFills } from './trade-fills';

export interface TradeFocus {
  /** UTC seconds */
  from: number;
  to: number;
  key: number;
}

export function ResultPriceChart({
  candles,
  symbol,
  interval,
  trades,
  open,
  focus,
}: {
  candles: RunCandles;
  symbol: string;
  interval: Interval;
  trades: readonly Trade[];
  open: Trade | null;
  focus: TradeFocus | null;
}) {
  const timeZone = useTimeZone();
  const fills = useMemo(() => tradeFills(trades, open), [trades, open]);
  const precision = useMemo(() => {
    const last = candles.bars.at(-1)?.close ?? 1;
    return last >= 1000 ? 2 : last >= 1 ? 4 : 8;
  }, [candles.bars]);
  if (candles.error && candles.bars.length === 0)
    return <FormAlert>Could not load the bars: {candles.error}</FormAlert>;
  if (!candles.loading && candles.bars.length === 0)
    return (
      <p className="rounded-lg border border-line bg-panel p-6 text-center text-sm text-muted">
        No bars stored for {symbol} {interval} in this range.
      </p>
    );
  return (
    <div className="h-[340px] overflow-hidden rounded-lg border border-line sm:h-[420px]">
      {candles.bars.length === 0 ? (
        <div aria-label="Loading the chart" className="h-full animate-pulse bg-raised/50" />
      ) : (
        <CandleChart
          className="h-full"
          bars={candles.bars}
          interval={interval}
          timeZone={timeZone}
          precision={precision}
          title={`${symbol} · ${interval}`}
          onNearStart={candles.complete ? undefined : candles.loadOlder}
          loadingHistory={candles.loading}
        >
          <FillMarkers fills={fills} interval={interval} />
          <ChartFocus bars={candles.bars} focus={focus} />
        </CandleChart>
      )}
    </div>
  );
}
