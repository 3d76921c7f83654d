// The price pane's main series for each chart type: which lightweight-charts series draws it, its
// options in a palette, and a bar in the shape that series takes. The OHLC types (candles, hollow
// candles, bars) draw every bar; the close-only types (line, area, baseline) draw its close.
import type { ChartType, PriceScaleMode } from '@coinview/core/layout';
import {
  AreaSeries,
  BarSeries,
  BaselineSeries,
  CandlestickSeries,
  LineSeries,
  PriceScaleMode as LibraryScaleMode,
  type SeriesDefinition,
  type SeriesPartialOptionsMap,
  type SeriesType,
  type UTCTimestamp,
} from 'lightweight-charts';
import type { ChartBar } from './bars';
import { candleSeriesOptions, priceFormat, type ChartPalette } from './chart-theme';

export type { ChartType, PriceScaleMode };

const definitions = {
  candles: CandlestickSeries,
  'hollow-candles': CandlestickSeries,
  bars: BarSeries,
  line: LineSeries,
  area: AreaSeries,
  baseline: BaselineSeries,
} satisfies Record<ChartType, SeriesDefinition<SeriesType>>;

export function mainSeriesDefinition(type: ChartType): SeriesDefinition<SeriesType> {
  return definitions[type];
}

/** Whether the type draws open/high/low/close (otherwise only the close). */
export function drawsOhlc(type: ChartType): boolean {
  return type === 'candles' || type === 'hollow-candles' || type === 'bars';
}

/**
 * Options of the main series of a type in a palette. The baseline's base price is not among them:
 * it follows the view (see CandleSeries), so re-applying these on a theme switch leaves it alone.
 */
export function mainSeriesOptions(
  type: ChartType,
  palette: ChartPalette,
  precision: number,
): SeriesPartialOptionsMap[SeriesType] {
  const format = priceFormat(precision);
  switch (type) {
    case 'candles':
      return candleSeriesOptions(precision, palette);
    case 'hollow-candles':
      // Rising bodies are outlined only; falling ones stay filled, as on TradingView.
      return { ...candleSeriesOptions(precision, palette), upColor: 'rgba(0, 0, 0, 0)' };
    case 'bars':
      return {
        upColor: palette.up,
        downColor: palette.down,
        openVisible: true,
        thinBars: false,
        priceFormat: format,
      };
    case 'line':
      return { color: palette.line, lineWidth: 2, priceFormat: format };
    case 'area':
      return {
        lineColor: palette.line,
        topColor: palette.areaTop,
        bottomColor: palette.areaBottom,
        lineWidth: 2,
        priceFormat: format,
      };
    case 'baseline':
      return {
        topLineColor: palette.up,
        topFillColor1: palette.upFill,
        topFillColor2: 'rgba(0, 0, 0, 0)',
        bottomLineColor: palette.down,
        bottomFillColor1: 'rgba(0, 0, 0, 0)',
        bottomFillColor2: palette.downFill,
        lineWidth: 2,
        priceFormat: format,
      };
  }
}

export type MainSeriesData =
  | { time: UTCTimestamp; open: number; high: number; low: number; close: number }
  | { time: UTCTimestamp; value: number };

/** A bar as the main series of `type` takes it. */
export function toMainData(type: ChartType, bar: ChartBar): MainSeriesData {
  const time = bar.time as UTCTimestamp;
  if (drawsOhlc(type)) {
    return { time, open: bar.open, high: bar.high, low: bar.low, close: bar.close };
  }
  return { time, value: bar.close };
}

/** The close in a data item of any main series (OHLC or single-value); undefined otherwise. */
export function closeOf(data: unknown): number | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  if ('close' in data && typeof data.close === 'number') return data.close;
  if ('value' in data && typeof data.value === 'number') return data.value;
  return undefined;
}

const scaleModes = {
  normal: LibraryScaleMode.Normal,
  log: LibraryScaleMode.Logarithmic,
  percent: LibraryScaleMode.Percentage,
} satisfies Record<PriceScaleMode, LibraryScaleMode>;

export function libraryScaleMode(mode: PriceScaleMode): LibraryScaleMode {
  return scaleModes[mode];
}
