// Several charts in one layout, as pure edits of a LayoutState: the first chart's settings live at
// the top level of the state (see layout.ts), the others in `charts`. Every edit of one chart goes
// through editChart, which gives layout-edit's functions a LayoutState whose top-level chart is the
// one edited, so indicators, panes and markets behave the same on every chart. Sync of symbol and
// interval is applied here too: the chart, the autosave and the tests agree on what a change does.
import { setMarket } from './layout-edit';
import {
  DEFAULT_SYNC,
  GRID_CHART_COUNT,
  type ChartSettings,
  type ChartSync,
  type LayoutGrid,
  type LayoutState,
} from './layout';
import type { Interval } from './interval';

/** How many charts the layout shows. */
export function chartCount(state: LayoutState): number {
  return GRID_CHART_COUNT[state.grid ?? '1'];
}

/** The chart the toolbar, dialogs and keys act on (always one of those shown). */
export function activeChart(state: LayoutState): number {
  return Math.min(state.active ?? 0, chartCount(state) - 1);
}

export function syncOf(state: LayoutState): ChartSync {
  return state.sync ?? DEFAULT_SYNC;
}

/** Chart `index` (0 = the first) of the layout. */
export function chartAt(state: LayoutState, index: number): ChartSettings {
  if (index === 0) return settingsOf(state);
  const chart = state.charts?.[index - 1];
  if (!chart) throw new Error(`This layout has no chart ${index + 1}`);
  return chart;
}

/** Every chart shown, first to last. */
export function shownCharts(state: LayoutState): ChartSettings[] {
  return Array.from({ length: chartCount(state) }, (_, i) => chartAt(state, i));
}

/**
 * Applies a layout edit (layout-edit's functions: addIndicator, setChartType, …) to chart `index`.
 * The edit sees a LayoutState whose top-level chart is that chart; theme and the other charts stay.
 */
export function editChart(
  state: LayoutState,
  index: number,
  edit: (chart: LayoutState) => LayoutState,
): LayoutState {
  if (index === 0) return edit(state);
  const chart = chartAt(state, index);
  const edited = settingsOf(edit({ ...state, ...chart }));
  const charts = [...(state.charts ?? [])];
  charts[index - 1] = edited;
  return { ...state, charts };
}

/**
 * Changes chart `index`'s symbol and/or interval; with symbol (interval) sync on, every chart shown
 * follows. Indicators stay on their chart.
 */
export function setChartMarket(
  state: LayoutState,
  index: number,
  next: { symbol?: string; interval?: Interval },
): LayoutState {
  const sync = syncOf(state);
  let out = editChart(state, index, (s) => setMarket(s, next));
  const shared = {
    ...(sync.symbol && next.symbol !== undefined ? { symbol: next.symbol } : {}),
    ...(sync.interval && next.interval !== undefined ? { interval: next.interval } : {}),
  };
  if (Object.keys(shared).length === 0) return out;
  for (let i = 0; i < chartCount(out); i++)
    if (i !== index) out = editChart(out, i, (s) => setMarket(s, shared));
  return out;
}

/**
 * Shows `grid`'s number of charts. Charts added copy the active chart's market and look (not its
 * indicators, as a fresh chart); charts beyond the new count are kept for when it grows again.
 */
export function setGrid(state: LayoutState, grid: LayoutGrid): LayoutState {
  const count = GRID_CHART_COUNT[grid];
  const source = chartAt(state, activeChart(state));
  const charts = [...(state.charts ?? [])];
  while (charts.length < count - 1)
    charts.push({
      symbol: source.symbol,
      interval: source.interval,
      chartType: source.chartType,
      priceScale: source.priceScale,
      indicators: [],
      paneHeights: [1],
    });
  const out: LayoutState = {
    ...state,
    grid,
    charts,
    active: Math.min(activeChart(state), count - 1),
  };
  if (grid === '1') {
    // A one-chart layout keeps the shape layouts had before grids (the extra charts stay stored).
    delete out.active;
    if (charts.length === 0) delete out.charts;
  }
  return out;
}

export function setActiveChart(state: LayoutState, index: number): LayoutState {
  if (!Number.isInteger(index) || index < 0 || index >= chartCount(state))
    throw new Error(`This layout shows ${chartCount(state)} charts`);
  return index === activeChart(state) ? state : { ...state, active: index };
}

/**
 * Turns one sync option on or off. Turning symbol (interval) sync on gives every chart shown the
 * active chart's symbol (interval) at once, as TradingView does.
 */
export function setSync(state: LayoutState, key: keyof ChartSync, on: boolean): LayoutState {
  const out: LayoutState = { ...state, sync: { ...syncOf(state), [key]: on } };
  if (!on || (key !== 'symbol' && key !== 'interval')) return out;
  const active = chartAt(out, activeChart(out));
  const shared = key === 'symbol' ? { symbol: active.symbol } : { interval: active.interval };
  let synced = out;
  for (let i = 0; i < chartCount(out); i++)
    if (i !== activeChart(out)) synced = editChart(synced, i, (s) => setMarket(s, shared));
  return synced;
}

function settingsOf(state: LayoutState | ChartSettings): ChartSettings {
  return {
    symbol: state.symbol,
    interval: state.interval,
    chartType: state.chartType,
    priceScale: state.priceScale,
    indicators: state.indicators,
    paneHeights: state.paneHeights,
  };
}
