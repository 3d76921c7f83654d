'use client';
// The ready-made price chart: the price (as candles, bars, a line… per chart type), volume and the
// legend on one pane, in the dark or light theme. It draws what it is
// given and fetches nothing: when the view nears the oldest bar it calls onNearStart, and the
// owner passes the longer history back in. The outer element carries data attributes that
// end-to-end tests read to see history arrive, stay contiguous, and the forming candle move.
import { type Interval, nextBarOpen } from '@coinview/core/interval';
import type { ISeriesApi, SeriesType } from 'lightweight-charts';
import {
  createContext,
  useContext,
  useMemo,
  useState,
  type CSSProperties,
  type ReactNode,
} from 'react';
import { emptyTape, type BarTape, type ChartBar, type NextBarTime } from './bars';
import {
  CandleSeries,
  MainSeriesProvider,
  type ChartType,
  type HoveredBar,
  type PriceScaleMode,
} from './candle-series';
import { Chart } from './chart';
import type { Theme } from './chart-theme';
import { ChartLegend } from './chart-legend';
import { chartTimeOptions, crosshairTimeLabel } from './chart-time';
import { HistoryLoading } from './history-loading';

export type { ChartBar, ChartType, PriceScaleMode, Theme };

const ClearHoverContext = createContext<() => void>(() => undefined);

/**
 * Clears the bar the legend shows as hovered: for a crosshair removed by code (lightweight-charts'
 * clearCrosshairPosition does not report the move), as chart sync does when the pointer leaves the
 * chart it was following.
 */
export function useClearHover(): () => void {
  return useContext(ClearHoverContext);
}

export interface CandleChartProps {
  /** Closed history, oldest first, UTC seconds. Pass a new array only when history changes. */
  bars: readonly ChartBar[];
  /** Latest live bar of the same market as `bars`; reset it when the market changes. */
  liveBar?: ChartBar;
  /** How the price is drawn (default candles); switching keeps the bars and the view. */
  chartType?: ChartType;
  /** The price scale: normal, log or percent (from the first bar in view). Default normal. */
  priceScale?: PriceScaleMode;
  /** Colours of the chart, its legend and overlays (default dark). */
  theme?: Theme;
  /** Price decimals (scale, crosshair, legend). */
  precision?: number;
  /** Legend title, e.g. "BTCUSDT · 1m". */
  title?: ReactNode;
  /** Show the volume histogram (default true). */
  volume?: boolean;
  /** The bars' interval: with it the chart counts gaps between bars (`data-gaps`). */
  interval?: Interval;
  /** IANA zone the time axis and the crosshair are labelled in (default UTC). */
  timeZone?: string;
  /** The view has come near the oldest bar: time to pass in older history (see CandleSeries). */
  onNearStart?: () => void;
  /** Older history is on its way: shows a small spinner at the left edge. */
  loadingHistory?: boolean;
  className?: string;
  style?: CSSProperties;
  /**
   * More series or overlays drawn into the same chart (they can call useChart(), useChartTheme()
   * and useMainSeries()).
   */
  children?: ReactNode;
}

export function CandleChart({
  bars,
  liveBar,
  chartType = 'candles',
  priceScale = 'normal',
  theme = 'dark',
  precision = 2,
  title,
  volume = true,
  interval,
  timeZone = 'UTC',
  onNearStart,
  loadingHistory = false,
  className,
  style,
  children,
}: CandleChartProps) {
  const [tape, setTape] = useState<BarTape>(emptyTape);
  const [hovered, setHovered] = useState<HoveredBar | null>(null);
  const [viewStart, setViewStart] = useState<number | undefined>(undefined);
  const [mainSeries, setMainSeries] = useState<ISeriesApi<SeriesType> | null>(null);
  const shown = hovered ?? { bar: tape.last, prevClose: tape.prevClose };
  const clearHover = useMemo(() => () => setHovered(null), []);
  const nextTime = useMemo<NextBarTime | undefined>(
    () => (interval ? (time) => nextBarOpen(time * 1000, interval) / 1000 : undefined),
    [interval],
  );
  const timeOptions = useMemo(() => chartTimeOptions(timeZone, interval), [timeZone, interval]);

  return (
    <Chart
      className={className}
      style={style}
      theme={theme}
      options={timeOptions}
      attributes={{
        'data-testid': 'candle-chart',
        'data-bar-count': tape.count,
        'data-first-time': tape.first?.time,
        'data-last-time': tape.last?.time,
        'data-last-close': tape.last?.close,
        'data-gaps': nextTime ? tape.gaps : undefined,
        'data-view-start': viewStart,
        'data-history-loading': String(loadingHistory),
        'data-chart-type': chartType,
        'data-price-scale': priceScale,
        'data-theme': theme,
        // The crosshair's time label as drawn (on canvas), for tests.
        'data-crosshair-time': hovered
          ? crosshairTimeLabel(hovered.bar.time, timeZone, interval)
          : undefined,
      }}
    >
      <CandleSeries
        bars={bars}
        liveBar={liveBar}
        chartType={chartType}
        priceScale={priceScale}
        precision={precision}
        volume={volume}
        onTapeChange={setTape}
        onHover={setHovered}
        nextTime={nextTime}
        onNearStart={onNearStart}
        onViewStartChange={setViewStart}
        onMainSeriesChange={setMainSeries}
      />
      <ChartLegend
        title={title}
        bar={shown.bar}
        prevClose={shown.prevClose}
        precision={precision}
      />
      {loadingHistory && <HistoryLoading />}
      <ClearHoverContext.Provider value={clearHover}>
        <MainSeriesProvider value={mainSeries}>{children}</MainSeriesProvider>
      </ClearHoverContext.Provider>
    </Chart>
  );
}
