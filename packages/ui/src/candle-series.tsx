'use client';
// The price pane's main series (candles, bars, line… per chart type) and its volume histogram,
// drawn into the surrounding <Chart>. History goes in with setData only when the `bars` array
// changes; each live bar goes in with update, so a tick never redraws the whole series. Older
// history arriving in front of what is drawn is merged with the live bars drawn since, and the view
// is shifted by the bars inserted so it does not move. A chart type switch swaps only the main
// series, redrawn from exactly what was drawn, with the view left where it was. The series also
// tells its owner when the view nears the oldest bar, so older history can be fetched.
import {
  HistogramSeries,
  type HistogramData,
  type ISeriesApi,
  type LogicalRange,
  type SeriesType,
  type Time,
  type UTCTimestamp,
} from 'lightweight-charts';
import { createContext, useContext, useEffect, useRef } from 'react';
import {
  advanceTape,
  barDirection,
  classifyLiveBar,
  emptyTape,
  mergeHistory,
  tapeOf,
  type BarTape,
  type ChartBar,
  type NextBarTime,
} from './bars';
import { useChart, useChartTheme } from './chart';
import { useCrosshairBar, type HoveredBar } from './crosshair-bar';
import {
  candleScaleMargins,
  volumeScaleMargins,
  volumeSeriesOptions,
  type ChartPalette,
} from './chart-theme';
import {
  libraryScaleMode,
  mainSeriesDefinition,
  mainSeriesOptions,
  toMainData,
  type ChartType,
  type PriceScaleMode,
} from './main-series';
import { useLatest } from './use-latest';
import { isNearStart, shiftRange } from './visible-range';

export type { ChartType, PriceScaleMode };

export type { HoveredBar };

const MainSeriesContext = createContext<ISeriesApi<SeriesType> | null>(null);

/** Provides the main series to the children of a chart (CandleChart does this). */
export const MainSeriesProvider = MainSeriesContext;

/**
 * The price pane's main series of the nearest CandleChart: null until it exists, and a new one
 * after a chart type switch (the old one is already removed from the chart by then), so things
 * attached to it (markers, price lines) re-attach when this changes.
 */
export function useMainSeries(): ISeriesApi<SeriesType> | null {
  return useContext(MainSeriesContext);
}

export interface CandleSeriesProps {
  /** Closed history, oldest first, times in UTC seconds. A new array means new history. */
  bars: readonly ChartBar[];
  /** The latest live bar: the forming one, or a new one that just opened. */
  liveBar?: ChartBar;
  /** How the price is drawn (default candles); a change swaps the series in place. */
  chartType?: ChartType;
  /** Mode of the price pane's right scale (default normal). */
  priceScale?: PriceScaleMode;
  /** Decimal places of prices on the scale and crosshair. */
  precision?: number;
  /** Draw the volume histogram at the bottom of the pane. */
  volume?: boolean;
  /** Called after every setData or update with what the chart now shows. */
  onTapeChange?: (tape: BarTape) => void;
  /** Called as the crosshair moves; null when it leaves the bars. */
  onHover?: (hovered: HoveredBar | null) => void;
  /** The bar time after a given one (UTC seconds): lets the tape count gaps between bars. */
  nextTime?: NextBarTime;
  /**
   * The view is near the oldest bar drawn (panned or zoomed out to the left). Called on every
   * view change and history change while that holds, so the owner ignores calls while loading.
   */
  onNearStart?: () => void;
  /** Time of the leftmost bar in view (UTC seconds) whenever it changes. */
  onViewStartChange?: (time: number | undefined) => void;
  /** The main series was created (or re-created for a new chart type); null once removed. */
  onMainSeriesChange?: (series: ISeriesApi<SeriesType> | null) => void;
}

function toVolume(bar: ChartBar, palette: ChartPalette): HistogramData<Time> {
  const color = barDirection(bar) === 'up' ? palette.upVolume : palette.downVolume;
  return { time: bar.time as UTCTimestamp, value: bar.volume, color };
}

export function CandleSeries({
  bars,
  liveBar,
  chartType = 'candles',
  priceScale = 'normal',
  precision = 2,
  volume = true,
  onTapeChange,
  onHover,
  nextTime,
  onNearStart,
  onViewStartChange,
  onMainSeriesChange,
}: CandleSeriesProps) {
  const chart = useChart();
  const { palette } = useChartTheme();
  const main = useRef<ISeriesApi<SeriesType> | null>(null);
  const volumes = useRef<ISeriesApi<'Histogram'> | null>(null);
  // Exactly what is drawn: the history plus the live bars appended since.
  const drawn = useRef<ChartBar[]>([]);
  const tape = useRef<BarTape>(emptyTape);
  // Props read through refs so a new function identity or a tick never re-runs the wrong effect.
  const latest = useLatest({
    liveBar,
    chartType,
    priceScale,
    precision,
    palette,
    onTapeChange,
    onHover,
    nextTime,
    onNearStart,
    onViewStartChange,
    onMainSeriesChange,
  });
  const viewStart = useRef<number | undefined>(undefined);
  /** Tells the owner (CandleChart's useMainSeries) which series is the price series now. */
  const reportMainSeries = (series: ISeriesApi<SeriesType> | null): void =>
    latest.current.onMainSeriesChange?.(series);
  // What the previous main series left behind for its successor: the view and its draw order.
  const handover = useRef<{ view: LogicalRange | null; order: number } | null>(null);
  const baseline = useRef<number | undefined>(undefined);
  const paintedWith = useRef(palette);
  const lastValueColour = useRef<string | undefined>(undefined);

  // Hollow candles draw rising bodies transparent, and the library colours the last-value label
  // and price line like the last body: without this they would vanish on a rising last bar.
  const syncLastValueColour = (): void => {
    const series = main.current;
    const last = drawn.current[drawn.current.length - 1];
    if (!series || !last || latest.current.chartType !== 'hollow-candles') return;
    const { palette } = latest.current;
    const colour = barDirection(last) === 'up' ? palette.up : palette.down;
    if (colour === lastValueColour.current) return;
    lastValueColour.current = colour;
    series.applyOptions({ priceLineColor: colour });
  };

  const barInView = (range: LogicalRange | null): ChartBar | undefined => {
    const bars = drawn.current;
    if (bars.length === 0) return undefined;
    const at = range ? Math.ceil(range.from) : 0;
    return bars[Math.min(bars.length - 1, Math.max(0, at))];
  };

  // The baseline's base is the close of the first bar in view, like the percent scale's base:
  // the fill then reads as "above or below where this view starts", and it follows a pan.
  const syncBaseline = (range: LogicalRange | null): void => {
    const series = main.current;
    if (!series || latest.current.chartType !== 'baseline') return;
    const price = barInView(range)?.close;
    if (price === undefined || price === baseline.current) return;
    baseline.current = price;
    series.applyOptions({ baseValue: { type: 'price', price } });
  };

  useEffect(() => {
    const { palette, precision, priceScale } = latest.current;
    const series = chart.api.addSeries(
      mainSeriesDefinition(chartType),
      mainSeriesOptions(chartType, palette, precision),
    );
    series.priceScale().applyOptions({
      scaleMargins: candleScaleMargins,
      mode: libraryScaleMode(priceScale),
    });
    const previous = handover.current;
    handover.current = null;
    // Only a series re-created for an existing chart has something to show at once.
    if (drawn.current.length > 0)
      series.setData(drawn.current.map((b) => toMainData(chartType, b)));
    if (previous) {
      // Drawn where the old one was: under overlays added after it (indicators, markers).
      series.setSeriesOrder(previous.order);
      if (previous.view) chart.api.timeScale().setVisibleLogicalRange(previous.view);
    }
    main.current = series;
    baseline.current = undefined;
    lastValueColour.current = undefined;
    syncBaseline(chart.api.timeScale().getVisibleLogicalRange());
    syncLastValueColour();
    reportMainSeries(series);
    return () => {
      main.current = null;
      reportMainSeries(null);
      if (chart.removed) return;
      // Read before removal: without the volume series, removing the only series empties the
      // time scale and the view with it.
      handover.current = {
        view: chart.api.timeScale().getVisibleLogicalRange(),
        order: series.seriesOrder(),
      };
      chart.api.removeSeries(series);
    };
    // Only a new chart or type needs a new series; the helpers it calls read refs only.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [chart, chartType]);

  useEffect(() => {
    main.current?.applyOptions(mainSeriesOptions(chartType, palette, precision));
    lastValueColour.current = undefined;
    syncLastValueColour();
    // The type is applied by re-creating the series above; this is for precision and theme only.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [precision, palette]);

  useEffect(() => {
    main.current?.priceScale().applyOptions({ mode: libraryScaleMode(priceScale) });
  }, [priceScale]);

  useEffect(() => {
    if (!volume) return;
    const series = chart.api.addSeries(HistogramSeries, volumeSeriesOptions);
    series.priceScale().applyOptions({ scaleMargins: volumeScaleMargins });
    const { palette } = latest.current;
    if (drawn.current.length > 0) series.setData(drawn.current.map((b) => toVolume(b, palette)));
    volumes.current = series;
    return () => {
      volumes.current = null;
      if (!chart.removed) chart.api.removeSeries(series);
    };
  }, [chart, volume, latest]);

  // Volume bars carry their colour in their data: a theme switch redraws them.
  useEffect(() => {
    if (paintedWith.current === palette) return;
    paintedWith.current = palette;
    volumes.current?.setData(drawn.current.map((b) => toVolume(b, palette)));
  }, [palette]);

  const draw = (bar: ChartBar): void => {
    const action = classifyLiveBar(tape.current, bar);
    if (action === 'ignore') return;
    main.current?.update(toMainData(latest.current.chartType, bar));
    volumes.current?.update(toVolume(bar, latest.current.palette));
    if (action === 'append') drawn.current.push(bar);
    else drawn.current[drawn.current.length - 1] = bar;
    tape.current = advanceTape(tape.current, bar, latest.current.nextTime);
    syncLastValueColour();
  };

  /** Reports the view's leftmost bar and asks for older history when the view nears it. */
  const watchView = (range: LogicalRange | null): void => {
    if (!range || drawn.current.length === 0) return;
    const first = barInView(range)?.time;
    if (first !== viewStart.current) {
      viewStart.current = first;
      latest.current.onViewStartChange?.(first);
    }
    syncBaseline(range);
    if (isNearStart(range)) latest.current.onNearStart?.();
  };

  useEffect(() => {
    const timeScale = chart.api.timeScale();
    const { bars: next, prepended } = mergeHistory(drawn.current, bars);
    const view = prepended > 0 ? timeScale.getVisibleLogicalRange() : null;
    drawn.current = next;
    const { chartType: type, palette } = latest.current;
    main.current?.setData(next.map((b) => toMainData(type, b)));
    volumes.current?.setData(next.map((b) => toVolume(b, palette)));
    // The bars in view moved `prepended` places right; follow them so the view stays still.
    // (lightweight-charts 5.2 keeps the right offset across setData and so already does this;
    // stated here because the library does not document it.)
    if (view) timeScale.setVisibleLogicalRange(shiftRange(view, prepended));
    tape.current = tapeOf(next, latest.current.nextTime);
    syncLastValueColour();
    // History refetched while live: the current live bar, if newer, stays on the chart.
    const live = latest.current.liveBar;
    if (live) draw(live);
    latest.current.onTapeChange?.(tape.current);
    // A page smaller than the view leaves it near the start: ask again without waiting for a pan.
    const range = timeScale.getVisibleLogicalRange();
    watchView(range);
    if (!range) syncBaseline(null);
    // The chart is fixed for this component's life (see <Chart>); only new history runs this.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [bars]);

  useEffect(() => {
    const timeScale = chart.api.timeScale();
    const handler = (range: LogicalRange | null) => watchView(range);
    timeScale.subscribeVisibleLogicalRangeChange(handler);
    return () => {
      if (!chart.removed) timeScale.unsubscribeVisibleLogicalRangeChange(handler);
    };
    // watchView reads refs only: subscribing once per chart is enough.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [chart]);

  useEffect(() => {
    if (!liveBar) return;
    draw(liveBar);
    latest.current.onTapeChange?.(tape.current);
    // draw reads refs only; a new live bar is the one thing that runs this.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [liveBar]);

  useCrosshairBar({
    chart,
    main,
    volumes,
    drawn,
    onHover: (hovered) => latest.current.onHover?.(hovered),
  });

  return null;
}
