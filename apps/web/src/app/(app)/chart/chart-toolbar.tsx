'use client';
// The strip above the chart: market and interval pickers, the last price with its change, and
// the state of the live stream.
import type { Interval } from '@coinview/core/interval';
import { changePercent, formatChange, formatPrice, type BarTape } from '@coinview/ui/bars';
import { useRouter } from 'next/navigation';
import { useTransition } from 'react';
import { cn } from '@coinview/ui/cn';
import { LiveStatusBadge } from './live-status';
import { CHART_INTERVALS, CHART_SYMBOLS, type ChartSymbol, marketHref } from './markets';
import type { LiveStatus } from './use-market-feed';

export interface ChartToolbarProps {
  symbol: ChartSymbol;
  interval: Interval;
  tape: BarTape;
  precision: number;
  status: LiveStatus;
  statusDetail?: string;
}

export function ChartToolbar({
  symbol,
  interval,
  tape,
  precision,
  status,
  statusDetail,
}: ChartToolbarProps) {
  const router = useRouter();
  const [switching, startSwitch] = useTransition();
  const go = (next: { symbol: ChartSymbol; interval: Interval }) =>
    startSwitch(() => router.replace(marketHref(next), { scroll: false }));

  const last = tape.last;
  const change = last ? changePercent(last.close, tape.prevClose) : undefined;
  const direction = change === undefined ? 'flat' : change < 0 ? 'down' : 'up';

  return (
    <div className="flex flex-wrap items-center gap-x-4 gap-y-2 border-b border-line bg-panel px-3 py-2 sm:px-4">
      <label className="sr-only" htmlFor="chart-symbol">
        Symbol
      </label>
      <select
        id="chart-symbol"
        value={symbol}
        disabled={switching}
        onChange={(e) => go({ symbol: e.target.value as ChartSymbol, interval })}
        className="h-8 rounded-md border border-line-strong bg-raised px-2 text-sm font-semibold text-fg-strong"
      >
        {CHART_SYMBOLS.map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
      </select>

      <div role="group" aria-label="Interval" className="flex items-center gap-0.5">
        {CHART_INTERVALS.map((i) => (
          <button
            key={i}
            type="button"
            aria-pressed={i === interval}
            disabled={switching}
            onClick={() => go({ symbol, interval: i })}
            className={cn(
              'h-7 rounded px-2 text-xs font-medium transition-colors',
              i === interval
                ? 'bg-raised text-fg-strong'
                : 'text-muted hover:bg-raised hover:text-fg',
            )}
          >
            {i}
          </button>
        ))}
      </div>

      <div className="flex items-baseline gap-2 font-mono tabular-nums" data-testid="last-price">
        <span
          className={cn(
            'text-lg font-semibold',
            direction === 'up' && 'text-up',
            direction === 'down' && 'text-down',
            direction === 'flat' && 'text-fg',
          )}
        >
          {last ? formatPrice(last.close, precision) : '—'}
        </span>
        <span className={cn('text-xs', direction === 'down' ? 'text-down' : 'text-up')}>
          {formatChange(change)}
        </span>
      </div>

      <div className="ml-auto">
        <LiveStatusBadge status={status} detail={statusDetail} />
      </div>
    </div>
  );
}
