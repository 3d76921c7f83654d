'use client';
// The chart page's client side: the toolbar, the layout's one to four charts (./grid), the drawing
// toolbar, the watchlist, and the dialogs (symbol search, indicators, indicator settings, alerts).
// The whole state is one core LayoutState kept by useLayoutWorkspace, which autosaves it to the open
// layout; the toolbar, the dialogs and the keys act on the active chart; market data and drawings
// come from useChartSlots; the chart components only draw.
import type { Interval } from '@coinview/core/interval';
import type { LayoutGrid, LayoutState, Theme } from '@coinview/core/layout';
import {
  addIndicator,
  addIndicatorRefusal,
  setChartType,
  setPriceScale,
  setTheme,
  updateIndicator,
} from '@coinview/core/layout-edit';
import {
  activeChart,
  editChart,
  setActiveChart,
  setChartMarket,
  setGrid,
  setSync,
  shownCharts,
  syncOf,
} from '@coinview/core/layout-grid';
import { Button } from '@coinview/ui/button';
import { ChartSyncGroup } from '@coinview/ui/chart-sync';
import { cn } from '@coinview/ui/cn';
import { DrawingToolbar, useDrawingShortcuts } from '@coinview/ui/drawings/drawing-toolbar';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { WATCHLIST_ID } from '~/components/skip-targets';
import { useTimeZone } from '~/components/time-zone';
import { THEME_COOKIE } from '~/theme';
import { useTRPC } from '~/trpc/react';
import { AlertDialog } from '../alerts/alert-dialog';
import { priceLevelDraft, type RuleDraft } from '../alerts/rule-draft';
import { useOrderEvents } from '../orders/use-order-events';
import { stepInterval, useChartKeys } from './chart-keys';
import { chartTickers } from './chart-tickers';
import { ChartToolbar } from './chart-toolbar';
import { ChartCell } from './grid/chart-cell';
import { GridMenu } from './grid/grid-menu';
import { useChartSlots } from './grid/use-chart-slots';
import { IndicatorPicker } from './indicators/indicator-picker';
import { IndicatorSettings } from './indicators/indicator-settings';
import { LayoutMenu } from './layout/layout-menu';
import { type InitialWorkspace, useLayoutWorkspace } from './layout/use-layout-workspace';
import { FALLBACK_PRECISION } from './markets';
import { replayNote } from './replay-note';
import { OpenOrders } from './trading/open-orders';
import { OrderTicket } from './trading/order-ticket';
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

const GRID_CLASS: Record<LayoutGrid, string> = {
  '1': 'lg:grid-cols-1',
  '2h': 'lg:grid-cols-2',
  '2v': 'lg:grid-rows-2',
  '3': 'lg:grid-cols-2 lg:grid-rows-2 lg:[&>*:first-child]:row-span-2',
  '4': 'lg:grid-cols-2 lg:grid-rows-2',
};

export function ChartWorkspace({ initial }: { initial: InitialWorkspace }) {
  const workspace = useLayoutWorkspace(initial);
  const { state, update } = workspace;
  const charts = shownCharts(state);
  const active = activeChart(state);
  const sync = syncOf(state);
  const grid = state.grid ?? '1';
  const { symbol, interval } = charts[active]!;
  const slots = useChartSlots(charts);
  const { feed, drawings, controller: drawing } = slots[active]!;
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
  const [editing, setEditing] = useState<{ chart: number; instanceId: string } | null>(null);
  const [alertDraft, setAlertDraft] = useState<RuleDraft | null>(null);
  const syncGroup = useMemo(() => new ChartSyncGroup(), []);
  useDocumentTheme(state.theme);
  const trpc = useTRPC();
  // Binance or exchange-sim's replay of recordings: the badge says "Replay" then, not "Live".
  const source = useQuery({ ...trpc.market.source.queryOptions(), staleTime: 10 * 60_000 });
  // Order events refresh the fills on the charts and the ticket's open orders live.
  useOrderEvents();
  useDrawingShortcuts(drawing);

  const editingChart = editing && editing.chart < charts.length ? charts[editing.chart] : undefined;
  const editingIndicator =
    editingChart?.indicators.find((i) => i.instanceId === editing?.instanceId) ?? null;
  const editActive = (change: (s: LayoutState) => LayoutState) =>
    update((s) => editChart(s, activeChart(s), change));
  const goTo = (next: { symbol?: string; interval?: Interval }) =>
    update((s) => setChartMarket(s, activeChart(s), next));
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
      data-indicator-count={charts[active]!.indicators.length}
      data-grid={grid}
      data-active-chart={active}
    >
      <h1 className="sr-only">
        {symbol} {interval} chart
      </h1>
      <ChartToolbar
        symbol={symbol}
        interval={interval}
        chartType={charts[active]!.chartType}
        priceScale={charts[active]!.priceScale}
        theme={state.theme}
        price={price}
        dayChange={ticker?.changePercent}
        precision={precision}
        status={feed.status}
        statusDetail={feed.liveError?.message}
        replay={replayNote(source.data, symbol)}
        onSymbolClick={() => setSearchOpen(true)}
        onInterval={(i) => goTo({ interval: i })}
        onChartType={(t) => editActive((s) => setChartType(s, t))}
        onPriceScale={(m) => editActive((s) => setPriceScale(s, m))}
        onTheme={(t) => update((s) => setTheme(s, t))}
        onIndicators={() => setPickerOpen(true)}
        onAlert={() => {
          // The level the trader sees: the last price shown in the toolbar and the watchlist.
          if (price !== undefined) setAlertDraft(priceLevelDraft(symbol, interval, Number(price)));
        }}
        gridMenu={
          <GridMenu
            grid={grid}
            sync={sync}
            onGrid={(g) => update((s) => setGrid(s, g))}
            onSync={(key, on) => update((s) => setSync(s, key, on))}
          />
        }
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
              className={cn(
                'grid min-h-0 min-w-0 flex-1 auto-rows-[minmax(16rem,1fr)] gap-px bg-line lg:auto-rows-auto',
                GRID_CLASS[grid],
              )}
              data-testid="chart-grid"
            >
              {charts.map((chart, i) => (
                <ChartCell
                  // Position in the grid, not the market: a chart keeps its view state per slot.
                  key={i}
                  index={i}
                  chart={chart}
                  slot={slots[i]!}
                  theme={state.theme}
                  timeZone={timeZone}
                  active={i === active}
                  multi={charts.length > 1}
                  replay={source.data?.kind === 'replay'}
                  sync={{ group: syncGroup, crosshair: sync.crosshair, time: sync.time }}
                  edit={(change) => update((s) => editChart(s, i, change))}
                  onActivate={() => {
                    if (i !== activeChart(state)) update((s) => setActiveChart(s, i));
                  }}
                  onAlert={setAlertDraft}
                  onEditIndicator={(instanceId) => setEditing({ chart: i, instanceId })}
                  onSearch={() => setSearchOpen(true)}
                />
              ))}
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
          const refusal = addIndicatorRefusal({ ...state, ...charts[active]! }, id);
          if (refusal) return refusal;
          editActive((s) => addIndicator(s, id).state);
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
            update((s) =>
              editChart(s, editing.chart, (c) => updateIndicator(c, editing.instanceId, patch)),
            );
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
