// Test support: a recording stand-in for lightweight-charts' chart, with the pane behaviour the
// indicator layer depends on (series added to a pane index, moved between panes, a pane removed
// when its last series leaves, stretch factors) and series markers. Canvas drawing is out of reach
// of a DOM emulator; the real library is exercised in the browser.
import { vi } from 'vitest';

export interface FakeSeries {
  type: string;
  options: Record<string, unknown>;
  data: { time: number; value?: number; color?: string }[];
  setData: ReturnType<typeof vi.fn>;
  update: ReturnType<typeof vi.fn>;
  applyOptions: ReturnType<typeof vi.fn>;
  priceLines: { options: Record<string, unknown> }[];
  primitives: unknown[];
  removed: boolean;
  api: unknown;
}

export interface FakePane {
  series: FakeSeries[];
  stretch: number;
  height: number;
}

export interface FakeMarkers {
  series: unknown;
  markers: { time: number; text?: string; position: string; shape: string }[];
  detached: boolean;
}

export interface FakeChart {
  removed: boolean;
  panes: FakePane[];
  series: FakeSeries[];
  crosshair: ((p: unknown) => void)[];
  element: HTMLDivElement;
}

export const recorded = { charts: [] as FakeChart[], markers: [] as FakeMarkers[] };

export function resetRecorded(): void {
  recorded.charts.length = 0;
  recorded.markers.length = 0;
}

function createFakeChart() {
  const chart: FakeChart = {
    removed: false,
    panes: [{ series: [], stretch: 1, height: 300 }],
    series: [],
    crosshair: [],
    element: document.createElement('div'),
  };
  recorded.charts.push(chart);
  const paneOf = (s: FakeSeries) => chart.panes.findIndex((p) => p.series.includes(s));
  const place = (s: FakeSeries, index: number) => {
    const at = Math.min(chart.panes.length, index);
    if (at === chart.panes.length) chart.panes.push({ series: [], stretch: 1, height: 100 });
    chart.panes[at]!.series.push(s);
  };
  const leave = (s: FakeSeries) => {
    const pane = chart.panes[paneOf(s)]!;
    pane.series = pane.series.filter((x) => x !== s);
    if (pane.series.length === 0 && chart.panes.length > 1)
      chart.panes = chart.panes.filter((p) => p !== pane);
  };
  const paneApi = (pane: FakePane) => ({
    getHeight: () => pane.height,
    getHTMLElement: () => null,
    getStretchFactor: () => pane.stretch,
    setStretchFactor: (f: number) => {
      pane.stretch = f;
    },
    paneIndex: () => chart.panes.indexOf(pane),
  });
  return {
    addSeries(definition: { type: string }, options: Record<string, unknown> = {}, pane = 0) {
      if (chart.removed) throw new Error('chart used after remove()');
      const series: FakeSeries = {
        type: definition.type,
        options: { ...options },
        data: [],
        priceLines: [],
        primitives: [],
        removed: false,
        api: undefined,
        setData: vi.fn((rows: FakeSeries['data']) => {
          series.data = [...rows];
        }),
        update: vi.fn((row: FakeSeries['data'][number]) => {
          const last = series.data[series.data.length - 1];
          if (last && row.time < last.time) throw new Error('Cannot update oldest data');
          if (last && row.time === last.time) series.data[series.data.length - 1] = row;
          else series.data.push(row);
        }),
        applyOptions: vi.fn((o: Record<string, unknown>) => Object.assign(series.options, o)),
      };
      series.api = {
        setData: series.setData,
        update: series.update,
        applyOptions: series.applyOptions,
        priceScale: () => ({ applyOptions: vi.fn() }),
        dataByIndex: (i: number) => series.data[i] ?? null,
        seriesOrder: () => 0,
        setSeriesOrder: vi.fn(),
        createPriceLine: (o: Record<string, unknown>) => {
          const line = { options: { ...o } };
          series.priceLines.push(line);
          return { applyOptions: (p: Record<string, unknown>) => Object.assign(line.options, p) };
        },
        attachPrimitive: (p: unknown) => series.primitives.push(p),
        detachPrimitive: (p: unknown) => {
          series.primitives = series.primitives.filter((x) => x !== p);
        },
        getPane: () => paneApi(chart.panes[paneOf(series)]!),
        moveToPane: (index: number) => {
          if (paneOf(series) === index) return;
          const from = chart.panes[paneOf(series)]!;
          from.series = from.series.filter((x) => x !== series);
          place(series, index);
          if (from.series.length === 0 && chart.panes.length > 1)
            chart.panes = chart.panes.filter((p) => p !== from);
        },
      };
      chart.series.push(series);
      place(series, pane);
      return series.api;
    },
    removeSeries(api: unknown) {
      if (chart.removed) throw new Error('chart used after remove()');
      const series = chart.series.find((s) => s.api === api);
      if (!series || series.removed) throw new Error('unknown series');
      series.removed = true;
      leave(series);
    },
    panes: () => chart.panes.map(paneApi),
    chartElement: () => chart.element,
    subscribeCrosshairMove: (h: (p: unknown) => void) => chart.crosshair.push(h),
    unsubscribeCrosshairMove: (h: (p: unknown) => void) => {
      chart.crosshair = chart.crosshair.filter((x) => x !== h);
    },
    timeScale: () => ({
      getVisibleLogicalRange: () => null,
      setVisibleLogicalRange: vi.fn(),
      subscribeVisibleLogicalRangeChange: vi.fn(),
      unsubscribeVisibleLogicalRangeChange: vi.fn(),
      fitContent: vi.fn(),
    }),
    applyOptions: vi.fn(),
    remove: () => {
      chart.removed = true;
    },
  };
}

function createSeriesMarkers(series: unknown, markers: FakeMarkers['markers'] = []) {
  const plugin: FakeMarkers = { series, markers: [...markers], detached: false };
  recorded.markers.push(plugin);
  return {
    setMarkers: (m: FakeMarkers['markers']) => {
      if (plugin.detached) throw new Error('markers used after detach()');
      plugin.markers = [...m];
    },
    markers: () => plugin.markers,
    detach: () => {
      plugin.detached = true;
    },
  };
}

/** The module lightweight-charts as the tests see it: the real one with a fake chart. */
export function fakeLightweightCharts<T extends object>(actual: T) {
  return { ...actual, createChart: createFakeChart, createSeriesMarkers };
}
