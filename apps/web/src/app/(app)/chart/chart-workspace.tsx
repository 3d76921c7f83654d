'use client';
// The chart page's client side: the toolbar, the chart with its indicators, the watchlist, and the
// dialogs (symbol search, indicators, indicator settings). The chart's whole state is one core
// LayoutState kept by useLayoutWorkspace, which autosaves it to the open layout; market data comes
// from useMarketFeed; the chart components only draw.
import type { Interval } from '@coinview/core/interval';
import {
  addIndicator,
  addIndicatorRefusal,
  removeIndicator,
  setChartType,
  setMarket,
  setPaneHeights,
  setPriceScale,
  setTheme,
  toggleIndicator,
  updateIndicator,
} from '@coinview/core/layout-edit';
import type { Theme } from '@coinview/core/layout';
import { Button } from '@coinview/ui/button';
import { CandleChart } from '@coinview/ui/candle-chart';
import { DrawingLayer, type DrawingContextMenuEvent } from '@coinview/ui/drawings/drawing-layer';
import { DrawingToolbar, useDrawingShortcuts } from '@coinview/ui/drawings/drawing-toolbar';
import { FillMarkers } from '@coinview/ui/fill-markers';
import { IndicatorLayer } from '@coinview/ui/indicator-layer';
import { PriceContextMenu, type PriceContextMenuEvent } from '@coinview/ui/price-context-menu';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { WATCHLIST_ID } from '~/components/skip-targets';
import { useTimeZone } from '~/components/time-zone';
import { THEME_COOKIE } from '~/theme';
import { useTRPC } from '~/trpc/react';
import { replayNote } from './replay-note';
import { AlertDialog } from '../alerts/alert-dialog';
import {
  alertableDrawing,
  drawingAlertDraft,
  indicatorAlertDraft,
  priceLevelDraft,
  type RuleDraft,
} from '../alerts/rule-draft';
import { ChartContextMenu } from './chart-context-menu';
import { chartTickers } from './chart-tickers';
import { ChartSkeleton } from './chart-skeleton';
import { stepInterval, useChartKeys } from './chart-keys';
import { ChartToolbar } from './chart-toolbar';
import { DrawingContextMenu } from './drawings/drawing-context-menu';
import { useChartDrawings } from './drawings/use-chart-drawings';
import { useDrawingController } from './drawings/use-drawing-controller';
import { IndicatorPicker } from './indicators/indicator-picker';
import { IndicatorSettings } from './indicators/indicator-settings';
import { LayoutMenu } from './layout/layout-menu';
import { type InitialWorkspace, useLayoutWorkspace } from './layout/use-layout-workspace';
import { FALLBACK_PRECISION } from './markets';
import { useMarketFeed } from './use-market-feed';
import { OpenOrders } from './trading/open-orders';
import { OrderTicket } from './trading/order-ticket';
import { useOrderEvents } from '../orders/use-order-events';
import { SymbolSearch } from './watchlist/symbol-search';
import { useSymbolInfo } from './watchlist/use-symbol-info';
import { useTickers } from './watchlist/use-tickers';
import { useWatchlist } from './watchlist/use-watchlist';
import { Watchlist } from './watchlist/watchlist';

/** The app around the chart follows the chart's theme; the cookie lets the server paint it first. */
function useDocumentTheme(theme: Theme): void {
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    document.documentElement.style.colorScheme = theme;
    document.cookie = `${THEME_COOKIE}=${theme}; path=/; max-age=31536000; samesite=lax`;
  }, [theme]);
}

export function ChartWorkspace({ initial }: { initial: InitialWorkspace }) {
  const workspace = useLayoutWorkspace(initial);
  const { state, update } = workspace;
  const { symbol, interval } = state;
  const feed = useMarketFeed(symbol, interval);
  const timeZone = useTimeZone();
  const precision = useSymbolInfo(symbol)?.pricePrecision ?? FALLBACK_PRECISION;
  // One live ticker subscription for the watchlist and the chart's symbol (toolbar 24h change),
  // started once the watchlist is known: started before, it would follow the chart's symbol alone
  // and restart (a second snapshot) a moment later.
  const watchlist = useWatchlist();
  const subscribed = useTickers(
    watchlist.list.isPending ? [] : [symbol, ...watchlist.items.map((i) => i.symbol)],
  );
  // One price per symbol for the toolbar, the watchlist and the chart (see ./chart-tickers).
  const tickers = chartTickers(subscribed.tickers, symbol, feed.tickerNow, feed.price);
  const live = { ...subscribed, tickers };
  const ticker = tickers.get(symbol);
  const price = ticker?.last ?? feed.price;
  const [searchOpen, setSearchOpen] = useState(false);
  const [searchQuery, setSearchQuery] = useState('');
  const [pickerOpen, setPickerOpen] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  const [alertDraft, setAlertDraft] = useState<RuleDraft | null>(null);
  const [priceMenu, setPriceMenu] = useState<PriceContextMenuEvent | null>(null);
  const [drawingMenu, setDrawingMenu] = useState<DrawingContextMenuEvent | null>(null);
  useDocumentTheme(state.theme);
  // The user's fills on this symbol as chart markers; order events refresh them (and the ticket's
  // open orders) live.
  const trpc = useTRPC();
  const fills = useQuery(trpc.orders.fills.queryOptions({ symbol }));
  // Binance or exchange-sim's replay of recordings: the badge says "Replay" then, not "Live".
  const source = useQuery({ ...trpc.market.source.queryOptions(), staleTime: 10 * 60_000 });
  useOrderEvents();

  // The trader's drawings on this symbol (every interval and layout), autosaved.
  const drawings = useChartDrawings(symbol);
  const drawing = useDrawingController(symbol, drawings);
  useDrawingShortcuts(drawing);

  const loaded = feed.history.data !== undefined;
  const waiting = loaded && feed.tape.count === 0;
  const editingIndicator = state.indicators.find((i) => i.instanceId === editing) ?? null;
  const goTo = (next: { symbol?: string; interval?: Interval }) =>
    update((s) => setMarket(s, next));
  // Typing on the chart opens the symbol search with the key typed; , and . step the interval.
  useChartKeys({
    onType: (text) => {
      setSearchQuery(text);
      setSearchOpen(true);
    },
    onStepInterval: (step) => goTo({ interval: stepInterval(interval, step) }),
  });

  return (
    <main
      className="flex min-h-0 flex-1 flex-col"
      data-testid="chart-workspace"
      data-symbol={symbol}
      data-interval={interval}
      data-theme={state.theme}
      data-indicator-count={state.indicators.length}
    >
      <h1 className="sr-only">
        {symbol} {interval} chart
      </h1>
      <ChartToolbar
        symbol={symbol}
        interval={interval}
        chartType={state.chartType}
        priceScale={state.priceScale}
        theme={state.theme}
        price={price}
        dayChange={ticker?.changePercent}
        precision={precision}
        status={feed.status}
        statusDetail={feed.liveError?.message}
        replay={replayNote(source.data, symbol)}
        onSymbolClick={() => setSearchOpen(true)}
        onInterval={(i) => goTo({ interval: i })}
        onChartType={(t) => update((s) => setChartType(s, t))}
        onPriceScale={(m) => update((s) => setPriceScale(s, m))}
        onTheme={(t) => update((s) => setTheme(s, t))}
        onIndicators={() => setPickerOpen(true)}
        onAlert={() => {
          // The level the trader sees: the last price shown in the toolbar and the watchlist.
          if (price !== undefined) setAlertDraft(priceLevelDraft(symbol, interval, Number(price)));
        }}
        layoutMenu={<LayoutMenu workspace={workspace} />}
      />

      {workspace.status === 'conflict' && (
        <ConflictBanner
          message="This layout was changed in another tab or device. Your changes here are not saved."
          reloadLabel="Load the saved version"
          onReload={() => void workspace.reloadStored()}
          onKeep={() => void workspace.overwriteStored()}
        />
      )}
      {drawings.status === 'conflict' && (
        <ConflictBanner
          message={`Your ${symbol} drawings were changed in another tab or device. Your edits here are not saved.`}
          reloadLabel="Load the saved drawings"
          onReload={() => void drawings.reloadStored()}
          onKeep={() => void drawings.overwriteStored()}
        />
      )}

      <div className="flex min-h-0 flex-1 flex-col lg:flex-row">
        <div className="flex min-h-0 flex-1 flex-col">
          <div className="flex min-h-[62dvh] flex-1 lg:min-h-0">
            <DrawingToolbar
              controller={drawing}
              confirmRemoveAll={(count) =>
                window.confirm(`Remove all ${count} drawings on ${symbol}? Undo brings them back.`)
              }
              className="shrink-0 border-r border-line"
            />
            <div
              className="relative min-w-0 flex-1 bg-canvas"
              data-testid="chart-area"
              data-drawings={drawings.ready ? drawings.drawings.length : undefined}
              data-drawings-saved={drawings.status}
            >
              {feed.history.isPending && <ChartSkeleton />}

              {feed.history.isError && !loaded && (
                <div
                  role="alert"
                  className="absolute inset-0 flex flex-col items-center justify-center gap-3 p-6 text-center"
                >
                  <p className="text-sm font-medium text-fg-strong">
                    Could not load {symbol} history.
                  </p>
                  <p className="max-w-md text-sm text-muted">{feed.history.error.message}</p>
                  <div className="flex gap-2">
                    <Button variant="secondary" onClick={() => void feed.history.refetch()}>
                      Try again
                    </Button>
                    <Button variant="ghost" onClick={() => setSearchOpen(true)}>
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
                  timeZone={timeZone}
                  theme={state.theme}
                  chartType={state.chartType}
                  priceScale={state.priceScale}
                  onNearStart={feed.loadOlder}
                  loadingHistory={feed.loadingOlder}
                  title={`${symbol} · ${interval} · ${source.data?.kind === 'replay' ? 'Binance replay' : 'Binance'}`}
                >
                  <IndicatorLayer
                    indicators={state.indicators}
                    bars={feed.bars}
                    liveBar={feed.liveBar}
                    interval={interval}
                    paneHeights={state.paneHeights}
                    precision={precision}
                    onPaneHeightsChange={(h) => update((s) => setPaneHeights(s, h))}
                    onToggleVisible={(id) => update((s) => toggleIndicator(s, id))}
                    onEdit={setEditing}
                    onRemove={(id) => update((s) => removeIndicator(s, id))}
                    onAlert={(id) => {
                      const indicator = state.indicators.find((i) => i.instanceId === id);
                      if (indicator)
                        setAlertDraft(indicatorAlertDraft(symbol, interval, indicator));
                    }}
                  />
                  <FillMarkers fills={fills.data ?? []} interval={interval} />
                  <DrawingLayer
                    controller={drawing}
                    precision={precision}
                    onContextMenu={setDrawingMenu}
                  />
                  <PriceContextMenu onPrice={setPriceMenu} />
                </CandleChart>
              )}
              <DrawingContextMenu
                at={drawingMenu}
                canAlert={drawingMenu !== null && alertableDrawing(drawingMenu.drawing)}
                onClose={() => setDrawingMenu(null)}
                onAddAlert={() => {
                  const draft =
                    drawingMenu && drawingAlertDraft(symbol, interval, drawingMenu.drawing);
                  if (draft) setAlertDraft(draft);
                }}
                onRemove={() => drawing.removeSelected()}
              />
              <ChartContextMenu
                at={priceMenu}
                precision={precision}
                onClose={() => setPriceMenu(null)}
                onAddAlert={(price) => setAlertDraft(priceLevelDraft(symbol, interval, price))}
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
                    No {symbol} {interval} candles yet. They appear here as soon as the worker
                    collects them.
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
          </div>

          <OpenOrders symbol={symbol} />
        </div>

        <div className="flex shrink-0 flex-col border-t border-line bg-panel lg:w-72 lg:border-l lg:border-t-0">
          <OrderTicket symbol={symbol} price={price} />
          <aside
            id={WATCHLIST_ID}
            tabIndex={-1}
            aria-label="Watchlist"
            className="flex h-80 min-h-0 flex-col lg:h-auto lg:flex-1"
          >
            <Watchlist activeSymbol={symbol} onSelect={(s) => goTo({ symbol: s })} live={live} />
          </aside>
        </div>
      </div>

      <SymbolSearch
        open={searchOpen}
        initialQuery={searchQuery}
        onOpenChange={(open) => {
          setSearchOpen(open);
          if (!open) setSearchQuery('');
        }}
        onSelect={(s) => {
          setSearchOpen(false);
          goTo({ symbol: s });
        }}
      />
      <IndicatorPicker
        open={pickerOpen}
        onOpenChange={setPickerOpen}
        onAdd={(id) => {
          // The picker shows a refusal (too many indicators) in place of its "added" note.
          const refusal = addIndicatorRefusal(state, id);
          if (refusal) return refusal;
          update((s) => addIndicator(s, id).state);
        }}
      />
      <AlertDialog
        open={alertDraft !== null}
        onOpenChange={(open) => !open && setAlertDraft(null)}
        initial={alertDraft ?? priceLevelDraft(symbol, interval, 0)}
      />
      <IndicatorSettings
        indicator={editingIndicator}
        open={editingIndicator !== null}
        onOpenChange={(open) => !open && setEditing(null)}
        onApply={(patch) => {
          if (!editing) return;
          try {
            update((s) => updateIndicator(s, editing, patch));
          } catch {
            // The dialog validates before applying; a refused patch leaves the chart as it is.
          }
        }}
      />
    </main>
  );
}

/** Autosave stopped because another tab or device saved first: take theirs or keep this tab's. */
function ConflictBanner(props: {
  message: string;
  reloadLabel: string;
  onReload: () => void;
  onKeep: () => void;
}) {
  return (
    <div
      role="alert"
      className="flex flex-wrap items-center gap-3 border-b border-warn/40 bg-warn/10 px-3 py-2 text-sm"
    >
      <span className="text-fg">{props.message}</span>
      <Button size="sm" variant="secondary" onClick={props.onReload}>
        {props.reloadLabel}
      </Button>
      <Button size="sm" variant="ghost" onClick={props.onKeep}>
        Keep mine
      </Button>
    </div>
  );
}
