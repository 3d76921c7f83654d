'use client';
// Candlesticks and their volume histogram, drawn into the surrounding <Chart>. History goes in with
// setData only when the `bars` array changes; each live bar goes in with update, so a tick never
// redraws the whole series. Older history arriving in front of what is drawn is merged with the
// live bars drawn since, and the view is shifted by the bars inserted so it does not move. The
// series also tells its owner when the view nears the oldest bar, so older history can be fetched.
import {
  CandlestickSeries,
  HistogramSeries,
  type CandlestickData,
  type HistogramData,
  type ISeriesApi,
  type LogicalRange,
  type MouseEventParams,
  type Time,
  type UTCTimestamp,
} from 'lightweight-charts';
import { useEffect, useLayoutEffect, useRef } from 'react';
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
import { useChart } from './chart';
import {
  candleScaleMargins,
  candleSeriesOptions,
  chartColors,
  volumeScaleMargins,
  volumeSeriesOptions,
} from './chart-theme';
import { isNearStart, shiftRange } from './visible-range';

/** The bar under the crosshair and the close before it (for the legend's change). */
export interface HoveredBar {
  bar: ChartBar;
  prevClose: number | undefined;
}

export interface CandleSeriesProps {
  /** Closed history, oldest first, times in UTC seconds. A new array means new history. */
  bars: readonly ChartBar[];
  /** The latest live bar: the forming one, or a new one that just opened. */
  liveBar?: ChartBar;
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
}

function toCandle(bar: ChartBar): CandlestickData<Time> {
  return {
    time: bar.time as UTCTimestamp,
    open: bar.open,
    high: bar.high,
    low: bar.low,
    close: bar.close,
  };
}

function toVolume(bar: ChartBar): HistogramData<Time> {
  const color = barDirection(bar) === 'up' ? chartColors.upVolume : chartColors.downVolume;
  return { time: bar.time as UTCTimestamp, value: bar.volume, color };
}

function isCandle(data: unknown): data is CandlestickData<Time> {
  return typeof data === 'object' && data !== null && 'close' in data && 'open' in data;
}

export function CandleSeries({
  bars,
  liveBar,
  precision = 2,
  volume = true,
  onTapeChange,
  onHover,
  nextTime,
  onNearStart,
  onViewStartChange,
}: CandleSeriesProps) {
  const chart = useChart();
  const candles = useRef<ISeriesApi<'Candlestick'> | null>(null);
  const volumes = useRef<ISeriesApi<'Histogram'> | null>(null);
  // Exactly what is drawn: the history plus the live bars appended since.
  const drawn = useRef<ChartBar[]>([]);
  const tape = useRef<BarTape>(emptyTape);
  // Props read through refs so a new function identity or a tick never re-runs the wrong effect.
  const latest = useRef({
    liveBar,
    onTapeChange,
    onHover,
    nextTime,
    onNearStart,
    onViewStartChange,
  });
  useLayoutEffect(() => {
    latest.current = { liveBar, onTapeChange, onHover, nextTime, onNearStart, onViewStartChange };
  });
  const viewStart = useRef<number | undefined>(undefined);

  useEffect(() => {
    const series = chart.api.addSeries(CandlestickSeries, candleSeriesOptions(precision));
    series.priceScale().applyOptions({ scaleMargins: candleScaleMargins });
    // Only a series re-created for an existing chart has something to show at once.
    if (drawn.current.length > 0) series.setData(drawn.current.map(toCandle));
    candles.current = series;
    return () => {
      candles.current = null;
      if (!chart.removed) chart.api.removeSeries(series);
    };
    // A precision change is applied in place below; only a new chart needs a new series.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [chart]);

  useEffect(() => {
    candles.current?.applyOptions(candleSeriesOptions(precision));
  }, [precision]);

  useEffect(() => {
    if (!volume) return;
    const series = chart.api.addSeries(HistogramSeries, volumeSeriesOptions);
    series.priceScale().applyOptions({ scaleMargins: volumeScaleMargins });
    if (drawn.current.length > 0) series.setData(drawn.current.map(toVolume));
    volumes.current = series;
    return () => {
      volumes.current = null;
      if (!chart.removed) chart.api.removeSeries(series);
    };
  }, [chart, volume]);

  const draw = (bar: ChartBar): void => {
    const action = classifyLiveBar(tape.current, bar);
    if (action === 'ignore') return;
    candles.current?.update(toCandle(bar));
    volumes.current?.update(toVolume(bar));
    if (action === 'append') drawn.current.push(bar);
    else drawn.current[drawn.current.length - 1] = bar;
    tape.current = advanceTape(tape.current, bar, latest.current.nextTime);
  };

  /** Reports the view's leftmost bar and asks for older history when the view nears it. */
  const watchView = (range: LogicalRange | null): void => {
    if (!range || drawn.current.length === 0) return;
    const first =
      drawn.current[Math.min(drawn.current.length - 1, Math.max(0, Math.ceil(range.from)))]?.time;
    if (first !== viewStart.current) {
      viewStart.current = first;
      latest.current.onViewStartChange?.(first);
    }
    if (isNearStart(range)) latest.current.onNearStart?.();
  };

  useEffect(() => {
    const timeScale = chart.api.timeScale();
    const { bars: next, prepended } = mergeHistory(drawn.current, bars);
    const view = prepended > 0 ? timeScale.getVisibleLogicalRange() : null;
    drawn.current = next;
    candles.current?.setData(next.map(toCandle));
    volumes.current?.setData(next.map(toVolume));
    // The bars in view moved `prepended` places right; follow them so the view stays still.
    // (lightweight-charts 5.2 keeps the right offset across setData and so already does this;
    // stated here because the library does not document it.)
    if (view) timeScale.setVisibleLogicalRange(shiftRange(view, prepended));
    tape.current = tapeOf(next, latest.current.nextTime);
    // History refetched while live: the current live bar, if newer, stays on the chart.
    const live = latest.current.liveBar;
    if (live) draw(live);
    latest.current.onTapeChange?.(tape.current);
    // A page smaller than the view leaves it near the start: ask again without waiting for a pan.
    watchView(timeScale.getVisibleLogicalRange());
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
  }, [chart]);

  useEffect(() => {
    if (!liveBar) return;
    draw(liveBar);
    latest.current.onTapeChange?.(tape.current);
  }, [liveBar]);

  useEffect(() => {
    const handler = (param: MouseEventParams<Time>) => {
      const series = candles.current;
      const report = latest.current.onHover;
      if (!series || !report) return;
      const data = param.seriesData.get(series);
      if (!isCandle(data) || param.logical === undefined) return report(null);
      const vol = volumes.current ? param.seriesData.get(volumes.current) : undefined;
      const previous = series.dataByIndex(param.logical - 1);
      report({
        bar: {
          time: Number(data.time),
          open: data.open,
          high: data.high,
          low: data.low,
          close: data.close,
          volume: vol && 'value' in vol && typeof vol.value === 'number' ? vol.value : 0,
        },
        prevClose: isCandle(previous) ? previous.close : undefined,
      });
    };
    chart.api.subscribeCrosshairMove(handler);
    return () => {
      if (!chart.removed) chart.api.unsubscribeCrosshairMove(handler);
    };
  }, [chart]);

  return null;
}
