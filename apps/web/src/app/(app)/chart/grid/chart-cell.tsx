'use client';
// One chart of the layout: its market's candles with its indicators, the trader's fills and the
// symbol's drawings, the chart's menus, and the states around it (loading, no history, waiting for
// the worker, live updates stopped). The workspace owns the layout state and the dialogs; a cell
// reports what the trader asked for (an alert draft, an indicator to edit, the symbol search).
import type { LayoutState, ChartSettings, Theme } from '@coinview/core/layout';
import { removeIndicator, setPaneHeights, toggleIndicator } from '@coinview/core/layout-edit';
import { Button } from '@coinview/ui/button';
import { CandleChart } from '@coinview/ui/candle-chart';
import { cn } from '@coinview/ui/cn';
import { ChartSyncLink, type ChartSyncGroup } from '@coinview/ui/chart-sync';
import { DrawingLayer, type DrawingContextMenuEvent } from '@coinview/ui/drawings/drawing-layer';
import { FillMarkers } from '@coinview/ui/fill-markers';
import { IndicatorLayer } from '@coinview/ui/indicator-layer';
import { PriceContextMenu, type PriceContextMenuEvent } from '@coinview/ui/price-context-menu';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '~/trpc/react';
import {
  alertableDrawing,
  drawingAlertDraft,
  indicatorAlertDraft,
  priceLevelDraft,
  type RuleDraft,
} from '../../alerts/rule-draft';
import { ChartContextMenu } from '../chart-context-menu';
import { ChartSkeleton } from '../chart-skeleton';
import { DrawingContextMenu } from '../drawings/drawing-context-menu';
import { FALLBACK_PRECISION } from '../markets';
import { useSymbolInfo } from '../watchlist/use-symbol-info';
import type { ChartSlot } from './use-chart-slots';

export interface ChartCellProps {
  index: number;
  chart: ChartSettings;
  slot: ChartSlot;
  theme: Theme;
  timeZone: string;
  /** The chart the toolbar acts on (outlined when the layout has several). */
  active: boolean;
  /** The layout shows several charts. */
  multi: boolean;
  replay: boolean;
  sync: { group: ChartSyncGroup; crosshair: boolean; time: boolean };
  /** Applies a layout edit to this chart. */
  edit: (change: (chart: LayoutState) => LayoutState) => void;
  onActivate: () => void;
  onAlert: (draft: RuleDraft) => void;
  onEditIndicator: (instanceId: string) => void;
  onSearch: () => void;
}

export function ChartCell(props: ChartCellProps) {
  const { chart, slot, index, edit } = props;
  const { symbol, interval } = chart;
  const { feed, controller } = slot;
  const trpc = useTRPC();
  const precision = useSymbolInfo(symbol)?.pricePrecision ?? FALLBACK_PRECISION;
  const fills = useQuery(trpc.orders.fills.queryOptions({ symbol }));
  const [priceMenu, setPriceMenu] = useState<PriceContextMenuEvent | null>(null);
  const [drawingMenu, setDrawingMenu] = useState<DrawingContextMenuEvent | null>(null);
  const loaded = feed.history.data !== undefined;
  const waiting = loaded && feed.tape.count === 0;

  return (
    <div
      className={cn(
        'relative min-h-0 min-w-0 flex-1 bg-canvas',
        props.multi && 'outline outline-1 -outline-offset-1',
        props.multi && (props.active ? 'z-[1] outline-accent' : 'outline-line'),
      )}
      data-testid="chart-area"
      // Several charts: each is a named region, so a screen reader can tell them apart.
      role={props.multi ? 'region' : undefined}
      aria-label={
        props.multi
          ? `Chart ${index + 1}: ${symbol} ${interval}${props.active ? ' (active)' : ''}`
          : undefined
      }
      data-chart-index={index}
      data-active={props.active || undefined}
      data-symbol={symbol}
      data-interval={interval}
      data-drawings={slot.drawings.ready ? slot.drawings.drawings.length : undefined}
      data-drawings-saved={slot.drawings.status}
      // The chart a trader points at becomes the one the toolbar and keys act on.
      onPointerDownCapture={props.onActivate}
      onContextMenuCapture={props.onActivate}
    >
      {feed.history.isPending && <ChartSkeleton />}

      {feed.history.isError && !loaded && (
        <div
          role="alert"
          className="absolute inset-0 flex flex-col items-center justify-center gap-3 p-6 text-center"
        >
          <p className="text-sm font-medium text-fg-strong">Could not load {symbol} history.</p>
          <p className="max-w-md text-sm text-muted">{feed.history.error.message}</p>
          <div className="flex gap-2">
            <Button variant="secondary" onClick={() => void feed.history.refetch()}>
              Try again
            </Button>
            <Button variant="ghost" onClick={props.onSearch}>
              Choose another symbol
            </Button>
          </div>
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
          timeZone={props.timeZone}
          theme={props.theme}
          chartType={chart.chartType}
          priceScale={chart.priceScale}
          onNearStart={feed.loadOlder}
          loadingHistory={feed.loadingOlder}
          title={`${symbol} · ${interval} · ${props.replay ? 'Binance replay' : 'Binance'}`}
        >
          <IndicatorLayer
            indicators={chart.indicators}
            bars={feed.bars}
            liveBar={feed.liveBar}
            interval={interval}
            paneHeights={chart.paneHeights}
            precision={precision}
            onPaneHeightsChange={(h) => edit((s) => setPaneHeights(s, h))}
            onToggleVisible={(id) => edit((s) => toggleIndicator(s, id))}
            onEdit={props.onEditIndicator}
            onRemove={(id) => edit((s) => removeIndicator(s, id))}
            onAlert={(id) => {
              const indicator = chart.indicators.find((i) => i.instanceId === id);
              if (indicator) props.onAlert(indicatorAlertDraft(symbol, interval, indicator));
            }}
          />
          <FillMarkers fills={fills.data ?? []} interval={interval} />
          <DrawingLayer
            controller={controller}
            precision={precision}
            onContextMenu={setDrawingMenu}
          />
          <PriceContextMenu onPrice={setPriceMenu} />
          {props.multi && (
            <ChartSyncLink
              group={props.sync.group}
              id={String(index)}
              crosshair={props.sync.crosshair}
              time={props.sync.time}
            />
          )}
        </CandleChart>
      )}
      <DrawingContextMenu
        at={drawingMenu}
        canAlert={drawingMenu !== null && alertableDrawing(drawingMenu.drawing)}
        onClose={() => setDrawingMenu(null)}
        onAddAlert={() => {
          const draft = drawingMenu && drawingAlertDraft(symbol, interval, drawingMenu.drawing);
          if (draft) props.onAlert(draft);
        }}
        onRemove={() => controller.removeSelected()}
      />
      <ChartContextMenu
        at={priceMenu}
        precision={precision}
        onClose={() => setPriceMenu(null)}
        onAddAlert={(price) => props.onAlert(priceLevelDraft(symbol, interval, price))}
      />

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
  );
}
