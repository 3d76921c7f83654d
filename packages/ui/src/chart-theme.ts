// The TradingView-like looks (dark and light) shared by every chart, series and overlay. Components
// read colours from the palette of the chart they are in (useChartTheme().palette), never from
// constants, so a theme switch repaints everything.
import type { Theme } from '@coinview/core/layout';
import {
  ColorType,
  CrosshairMode,
  type CandlestickSeriesPartialOptions,
  type ChartOptions,
  type DeepPartial,
  type HistogramSeriesPartialOptions,
} from 'lightweight-charts';

export type { Theme };

/** Every colour a chart component may use; one per theme. */
export interface ChartPalette {
  background: string;
  /** Scale labels and legend values. */
  text: string;
  /** Titles in legends. */
  textStrong: string;
  grid: string;
  border: string;
  crosshair: string;
  crosshairLabel: string;
  /** Candles and other graphics (≥ 3:1 on the background). */
  up: string;
  down: string;
  /** Prices written in the up/down colour (legend values): ≥ 4.5:1 on the background, as text. */
  upText: string;
  downText: string;
  upVolume: string;
  downVolume: string;
  /** Fills under a baseline series, above and below its base. */
  upFill: string;
  downFill: string;
  /** The close line of the line and area chart types. */
  line: string;
  /** The area chart's fill, from under the line down to the bottom of the pane. */
  areaTop: string;
  areaBottom: string;
  /** Backgrounds of small overlays drawn on the chart (legend buttons, spinners). */
  overlay: string;
  /** Reference lines in indicator panes (RSI 30/70…). */
  reference: string;
}

/** The dark palette (the default theme). */
export const chartColors: ChartPalette = {
  background: '#0b0e14',
  text: '#b2b5be',
  textStrong: '#d1d4dc',
  grid: 'rgba(42, 46, 57, 0.5)',
  border: '#2a2e39',
  crosshair: '#758696',
  crosshairLabel: '#363a45',
  up: '#26a69a',
  down: '#ef5350',
  upText: '#26a69a',
  downText: '#ef5350',
  upVolume: 'rgba(38, 166, 154, 0.45)',
  downVolume: 'rgba(239, 83, 80, 0.45)',
  upFill: 'rgba(38, 166, 154, 0.3)',
  downFill: 'rgba(239, 83, 80, 0.3)',
  line: '#2962ff',
  areaTop: 'rgba(41, 98, 255, 0.4)',
  areaBottom: 'rgba(41, 98, 255, 0.02)',
  overlay: 'rgba(19, 23, 34, 0.85)',
  reference: '#787b86',
};

// TradingView's light look: white canvas, a barely-there grid, near-black text. The up/down hues
// are the dark theme's teal and red taken deeper, since the pale dark-theme tints wash out on
// white; volume and fills get a lower alpha because white shows a tint more than near-black does.
// Prices written in those colours take them deeper still (3.6:1 and 3.9:1 on white are enough for
// a candle, not for text).
const lightColors: ChartPalette = {
  background: '#ffffff',
  text: '#434651',
  textStrong: '#131722',
  grid: 'rgba(224, 227, 235, 0.6)',
  border: '#e0e3eb',
  crosshair: '#9598a1',
  crosshairLabel: '#131722',
  up: '#089981',
  down: '#f23645',
  upText: '#007363',
  downText: '#c41e2c',
  upVolume: 'rgba(8, 153, 129, 0.3)',
  downVolume: 'rgba(242, 54, 69, 0.3)',
  upFill: 'rgba(8, 153, 129, 0.22)',
  downFill: 'rgba(242, 54, 69, 0.22)',
  line: '#2962ff',
  areaTop: 'rgba(41, 98, 255, 0.28)',
  areaBottom: 'rgba(41, 98, 255, 0.02)',
  overlay: 'rgba(255, 255, 255, 0.9)',
  reference: '#9598a1',
};

export function chartPalette(theme: Theme): ChartPalette {
  return theme === 'light' ? lightColors : chartColors;
}

/**
 * Only the colours of a theme: what a theme switch applies to a live chart. Layout options such as
 * bar spacing stay out of it, or a switch would undo the user's zoom.
 */
export function chartThemeOptions(theme: Theme): DeepPartial<ChartOptions> {
  const p = chartPalette(theme);
  const line = { color: p.crosshair, labelBackgroundColor: p.crosshairLabel };
  return {
    layout: {
      background: { type: ColorType.Solid, color: p.background },
      textColor: p.text,
      panes: { separatorColor: p.border, separatorHoverColor: p.grid },
    },
    grid: { vertLines: { color: p.grid }, horzLines: { color: p.grid } },
    crosshair: { vertLine: line, horzLine: line },
    rightPriceScale: { borderColor: p.border },
    leftPriceScale: { borderColor: p.border },
    timeScale: { borderColor: p.border },
  };
}

/** Everything a new chart starts with in a theme. */
export function chartOptions(theme: Theme): DeepPartial<ChartOptions> {
  const colours = chartThemeOptions(theme);
  return {
    ...colours,
    autoSize: true,
    layout: {
      ...colours.layout,
      fontSize: 12,
      fontFamily: 'ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
      attributionLogo: true,
    },
    crosshair: { ...colours.crosshair, mode: CrosshairMode.Normal },
    timeScale: {
      ...colours.timeScale,
      timeVisible: true,
      secondsVisible: false,
      rightOffset: 6,
      barSpacing: 8,
    },
  };
}

export const darkChartOptions: DeepPartial<ChartOptions> = chartOptions('dark');

export function candleSeriesOptions(
  precision: number,
  palette: ChartPalette = chartColors,
): CandlestickSeriesPartialOptions {
  return {
    upColor: palette.up,
    downColor: palette.down,
    borderUpColor: palette.up,
    borderDownColor: palette.down,
    wickUpColor: palette.up,
    wickDownColor: palette.down,
    priceFormat: priceFormat(precision),
  };
}

export function priceFormat(precision: number) {
  return { type: 'price', precision, minMove: 1 / 10 ** precision } as const;
}

/** Volume is an overlay on its own unnamed price scale, squeezed into the bottom of the pane. */
export const volumeSeriesOptions: HistogramSeriesPartialOptions = {
  priceFormat: { type: 'volume' },
  priceScaleId: '',
  lastValueVisible: false,
  priceLineVisible: false,
};

export const volumeScaleMargins = { top: 0.8, bottom: 0 } as const;
export const candleScaleMargins = { top: 0.1, bottom: 0.25 } as const;
