'use client';
// The strip above the chart, TradingView's top toolbar: symbol (opens the search), intervals
// (favourites inline, all of them in a menu), chart type, indicators, price scale (log, percent),
// theme, the last price with its change, the live state, and the layout menu at the right.
import { INTERVALS, type Interval } from '@coinview/core/interval';
import type { ChartType, PriceScaleMode, Theme } from '@coinview/core/layout';
import { formatChange } from '@coinview/ui/bars';
import { cn } from '@coinview/ui/cn';
import * as Menu from '@radix-ui/react-dropdown-menu';
import type { ReactNode } from 'react';
import { AlarmIcon } from '~/components/alarm-icon';
import { LiveStatusBadge } from './live-status';
import { FAVOURITE_INTERVALS, intervalLabel } from './markets';
import { formatPrice } from './watchlist/format';
import type { LiveStatus } from './use-market-feed';

export interface ChartToolbarProps {
  symbol: string;
  interval: Interval;
  chartType: ChartType;
  priceScale: PriceScaleMode;
  theme: Theme;
  /** The last price (decimal string), the very value the watchlist shows for the symbol. */
  price?: string;
  /** The symbol's 24 h change in percent (undefined until known). */
  dayChange?: number;
  precision: number;
  status: LiveStatus;
  statusDetail?: string;
  /** Set when the market data is exchange-sim's replay: what it replays (the badge's title). */
  replay?: string;
  onSymbolClick: () => void;
  onInterval: (interval: Interval) => void;
  onChartType: (type: ChartType) => void;
  onPriceScale: (mode: PriceScaleMode) => void;
  onTheme: (theme: Theme) => void;
  onIndicators: () => void;
  /** Create an alert at the last price (disabled until there is one). */
  onAlert?: () => void;
  /** The layout menu, at the right end. */
  layoutMenu: ReactNode;
  /** The layout-grid menu (how many charts, what they sync). */
  gridMenu?: ReactNode;
}

export const CHART_TYPE_LABELS: Record<ChartType, string> = {
  candles: 'Candles',
  'hollow-candles': 'Hollow candles',
  bars: 'Bars',
  line: 'Line',
  area: 'Area',
  baseline: 'Baseline',
};

const CHART_TYPE_ICONS: Record<ChartType, string> = {
  candles: '▮',
  'hollow-candles': '▯',
  bars: '┤',
  line: '╱',
  area: '◢',
  baseline: '⩘',
};

const toolButton =
  'inline-flex h-8 items-center gap-1.5 rounded-md px-2 text-sm text-fg transition-colors hover:bg-raised disabled:opacity-50';
const menuItem =
  'flex cursor-pointer select-none items-center gap-2 rounded px-2.5 py-1.5 text-sm text-fg outline-none data-[highlighted]:bg-raised';
const menuContent = 'z-40 rounded-lg border border-line bg-panel p-1 shadow-2xl';

function Divider() {
  return <span aria-hidden className="hidden h-5 w-px bg-line sm:block" />;
}

export function ChartToolbar(props: ChartToolbarProps) {
  const { symbol, interval, price, precision } = props;
  // Only the 24 h change (as on Binance and the watchlist) is shown, and nothing until it is known:
  // a previous-bar change in its place read as the day's change (issue 9, item 14).
  const change = props.dayChange;
  const direction = change === undefined ? 'flat' : change < 0 ? 'down' : 'up';
  const otherIntervals = INTERVALS.filter((i) => !FAVOURITE_INTERVALS.includes(i));

  return (
    <div
      role="toolbar"
      aria-label="Chart"
      className="flex flex-wrap items-center gap-x-1.5 gap-y-1 border-b border-line bg-panel px-2 py-1.5 sm:px-3"
    >
      <button
        type="button"
        onClick={props.onSymbolClick}
        aria-label={`Symbol ${symbol}: search symbols`}
        data-testid="symbol-button"
        className={cn(toolButton, 'font-semibold text-fg-strong')}
      >
        <span aria-hidden className="text-muted">
          ⌕
        </span>
        {symbol}
      </button>
      <Divider />

      <div role="group" aria-label="Interval" className="flex items-center">
        {FAVOURITE_INTERVALS.map((i) => (
          <button
            key={i}
            type="button"
            aria-pressed={i === interval}
            aria-label={`${i}, interval ${intervalLabel(i)}`}
            onClick={() => props.onInterval(i)}
            className={cn(
              'hidden h-8 rounded-md px-2 text-sm font-medium transition-colors sm:inline-block',
              i === interval ? 'text-accent' : 'text-muted hover:bg-raised hover:text-fg',
            )}
          >
            {i}
          </button>
        ))}
        <Menu.Root modal={false}>
          <Menu.Trigger
            className={cn(
              toolButton,
              'font-medium',
              !FAVOURITE_INTERVALS.includes(interval) ? 'text-accent' : 'text-muted',
            )}
            aria-label="More intervals"
          >
            <span className={cn(FAVOURITE_INTERVALS.includes(interval) && 'sm:hidden')}>
              {interval}
            </span>
            <span aria-hidden>▾</span>
          </Menu.Trigger>
          <Menu.Portal>
            <Menu.Content sideOffset={6} className={cn(menuContent, 'w-44')}>
              <Menu.RadioGroup
                value={interval}
                onValueChange={(v) => props.onInterval(v as Interval)}
              >
                {[...FAVOURITE_INTERVALS, ...otherIntervals].map((i) => (
                  <Menu.RadioItem key={i} value={i} className={menuItem}>
                    <span className="w-4 text-accent">{i === interval ? '✓' : ''}</span>
                    {intervalLabel(i)}
                  </Menu.RadioItem>
                ))}
              </Menu.RadioGroup>
            </Menu.Content>
          </Menu.Portal>
        </Menu.Root>
      </div>
      <Divider />

      <Menu.Root modal={false}>
        <Menu.Trigger
          className={toolButton}
          aria-label={`Chart type: ${CHART_TYPE_LABELS[props.chartType]}`}
        >
          <span aria-hidden className="w-4 text-center">
            {CHART_TYPE_ICONS[props.chartType]}
          </span>
          <span className="hidden lg:inline">{CHART_TYPE_LABELS[props.chartType]}</span>
        </Menu.Trigger>
        <Menu.Portal>
          <Menu.Content sideOffset={6} className={cn(menuContent, 'w-48')}>
            <Menu.RadioGroup
              value={props.chartType}
              onValueChange={(v) => props.onChartType(v as ChartType)}
            >
              {(Object.keys(CHART_TYPE_LABELS) as ChartType[]).map((t) => (
                <Menu.RadioItem key={t} value={t} className={menuItem}>
                  <span aria-hidden className="w-4 text-center text-muted">
                    {CHART_TYPE_ICONS[t]}
                  </span>
                  {CHART_TYPE_LABELS[t]}
                  {t === props.chartType && <span className="ml-auto text-accent">✓</span>}
                </Menu.RadioItem>
              ))}
            </Menu.RadioGroup>
          </Menu.Content>
        </Menu.Portal>
      </Menu.Root>

      <button
        type="button"
        onClick={props.onIndicators}
        className={toolButton}
        data-testid="indicators-button"
      >
        <span aria-hidden className="font-serif italic text-muted">
          fx
        </span>
        <span className="hidden sm:inline">Indicators</span>
        <span className="sr-only sm:hidden">Indicators</span>
      </button>
      {props.onAlert && (
        <button
          type="button"
          onClick={props.onAlert}
          disabled={price === undefined}
          className={toolButton}
          data-testid="alert-button"
          aria-label="Create alert"
          title="Create an alert at the last price"
        >
          <AlarmIcon className="text-muted" />
          <span className="hidden sm:inline">Alert</span>
        </button>
      )}
      <Divider />

      <div role="group" aria-label="Price scale" className="flex items-center">
        {(
          [
            ['log', 'log', 'Log scale (logarithmic)'],
            ['percent', '%', 'Percent scale'],
          ] as const
        ).map(([mode, label, name]) => (
          <button
            key={mode}
            type="button"
            aria-label={name}
            aria-pressed={props.priceScale === mode}
            onClick={() => props.onPriceScale(props.priceScale === mode ? 'normal' : mode)}
            className={cn(
              'h-8 rounded-md px-2 text-xs font-medium transition-colors',
              props.priceScale === mode
                ? 'text-accent'
                : 'text-muted hover:bg-raised hover:text-fg',
            )}
          >
            {label}
          </button>
        ))}
      </div>

      <button
        type="button"
        aria-label={props.theme === 'dark' ? 'Switch to light theme' : 'Switch to dark theme'}
        data-testid="theme-toggle"
        onClick={() => props.onTheme(props.theme === 'dark' ? 'light' : 'dark')}
        className={cn(toolButton, 'text-muted')}
      >
        <span aria-hidden>{props.theme === 'dark' ? '☀' : '☾'}</span>
      </button>
      <Divider />

      <div
        className="flex items-baseline gap-2 px-1 font-mono tabular-nums"
        data-testid="last-price"
      >
        <span
          data-testid="last-price-value"
          className={cn(
            'text-base font-semibold',
            direction === 'up' && 'text-up',
            direction === 'down' && 'text-down',
            direction === 'flat' && 'text-fg',
          )}
        >
          {formatPrice(price, precision)}
        </span>
        <span
          className={cn('text-xs', direction === 'down' ? 'text-down' : 'text-up')}
          title="Change over 24 hours"
          data-testid="day-change"
        >
          <span className="mr-1 text-faint">24h</span>
          {change === undefined ? '' : formatChange(change)}
        </span>
      </div>

      <div className="ml-auto flex items-center gap-2">
        <LiveStatusBadge status={props.status} detail={props.statusDetail} replay={props.replay} />
        {props.gridMenu}
        {props.layoutMenu}
      </div>
    </div>
  );
}
