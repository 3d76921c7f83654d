// A recording stand-in for lightweight-charts, for the chart components' tests (canvas drawing is
// out of reach of a DOM emulator; the real library is exercised in the browser). It keeps what a
// test needs to observe: charts created and removed, series added and removed with their data and
// options, the options a chart was given, and the visible range.
import { vi, type Mock } from 'vitest';
import type * as LightweightCharts from 'lightweight-charts';

type Options = Record<string, unknown>;
export type Range = { from: number; to: number } | null;

export interface FakeSeries {
  /** candles, bars, line, area, baseline or volume. */
  kind: string;
  api: unknown;
  setData: ReturnType<typeof vi.fn>;
  update: ReturnType<typeof vi.fn>;
  applyOptions: ReturnType<typeof vi.fn>;
  data: ({ time: number } & Options)[];
  /** Options merged over everything applied so far (creation first). */
  options: Options;
  /** Options of its price scale, merged likewise. */
  scale: Options;
  order: number;
  removed: boolean;
}

export interface FakeChart {
  removed: boolean;
  series: FakeSeries[];
  crosshair: ((p: unknown) => void)[];
  rangeHandlers: ((range: Range) => void)[];
  /** The visible logical range, as the library would report it. */
  range: Range;
  setRange: ReturnType<typeof vi.fn>;
  /** Creation options and every applyOptions call, in order. */
  applyOptions: Mock<(options: Options) => void>;
  options: Options;
}

export const recorded = { charts: [] as FakeChart[] };

function isPlain(value: unknown): value is Options {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deep merge, the way applyOptions treats nested options. */
export function merge(into: Options, from: Options): Options {
  const out: Options = { ...into };
  for (const [key, value] of Object.entries(from)) {
    const current = out[key];
    out[key] = isPlain(current) && isPlain(value) ? merge(current, value) : value;
  }
  return out;
}

export function fakeLightweightCharts(actual: typeof LightweightCharts) {
  const kinds = new Map<unknown, string>([
    [actual.CandlestickSeries, 'candles'],
    [actual.BarSeries, 'bars'],
    [actual.LineSeries, 'line'],
    [actual.AreaSeries, 'area'],
    [actual.BaselineSeries, 'baseline'],
    [actual.HistogramSeries, 'volume'],
  ]);
  const createChart = (_host: unknown, initial: Options = {}) => {
    const chart: FakeChart = {
      removed: false,
      series: [],
      crosshair: [],
      rangeHandlers: [],
      range: null,
      setRange: vi.fn((range: Range) => {
        chart.range = range;
      }),
      applyOptions: vi.fn((options: Options) => {
        alive();
        chart.options = merge(chart.options, options);
      }),
      options: {},
    };
    recorded.charts.push(chart);
    function alive() {
      if (chart.removed) throw new Error('chart used after remove()');
    }
    chart.applyOptions(initial);
    return {
      addSeries(definition: unknown, options: Options = {}) {
        alive();
        const series: FakeSeries = {
          kind: kinds.get(definition) ?? 'unknown',
          api: undefined,
          data: [],
          options,
          scale: {},
          order: chart.series.filter((s) => !s.removed).length,
          removed: false,
          setData: vi.fn((rows: FakeSeries['data']) => {
            series.data = [...rows];
          }),
          // Like the real library: a bar older than the last one is an error.
          update: vi.fn((row: FakeSeries['data'][number]) => {
            const last = series.data[series.data.length - 1];
            if (last && row.time < last.time) throw new Error('Cannot update oldest data');
            if (last && row.time === last.time) series.data[series.data.length - 1] = row;
            else series.data.push(row);
          }),
          applyOptions: vi.fn((next: Options) => {
            series.options = merge(series.options, next);
          }),
        };
        series.api = {
          setData: series.setData,
          update: series.update,
          applyOptions: series.applyOptions,
          priceScale: () => ({
            applyOptions: (next: Options) => {
              series.scale = merge(series.scale, next);
            },
          }),
          dataByIndex: (i: number) => series.data[i] ?? null,
          seriesOrder: () => series.order,
          setSeriesOrder: (order: number) => {
            series.order = order;
          },
        };
        chart.series.push(series);
        return series.api;
      },
      removeSeries: (api: unknown) => {
        alive();
        const series = chart.series.find((s) => s.api === api);
        if (!series || series.removed) throw new Error('removing a series that is not there');
        series.removed = true;
        // Like the library: with no data left on the time scale there is no view either.
        if (!chart.series.some((s) => !s.removed && s.data.length > 0)) chart.range = null;
      },
      subscribeCrosshairMove: (h: (p: unknown) => void) => chart.crosshair.push(h),
      timeScale: () => ({
        getVisibleLogicalRange: () => chart.range,
        setVisibleLogicalRange: chart.setRange,
        subscribeVisibleLogicalRangeChange: (h: (range: Range) => void) =>
          chart.rangeHandlers.push(h),
        unsubscribeVisibleLogicalRangeChange: (h: (range: Range) => void) => {
          alive();
          chart.rangeHandlers = chart.rangeHandlers.filter((x) => x !== h);
        },
      }),
      unsubscribeCrosshairMove: () => alive(),
      applyOptions: chart.applyOptions,
      remove: () => {
        alive();
        chart.removed = true;
      },
    };
  };
  return { ...actual, createChart };
}

/** The live (not removed) series of a kind in the latest chart. */
export function liveSeries(kind: string): FakeSeries {
  const found = recorded.charts.at(-1)?.series.find((s) => s.kind === kind && !s.removed);
  if (!found) throw new Error(`no ${kind} series`);
  return found;
}
