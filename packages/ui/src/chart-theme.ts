// The TradingView-like looks (dark and light) shared by every chart, series and overlay. Components
// read colours from the palette of the chart they are in (useChart().palette), never from constants,
// so a theme switch repaints everything.
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
  up: string;
  down: string;
  upVolume: string;
  downVolume: string;
  /** Backgrounds of small overlays drawn on the chart (legend buttons, spinners). */
  overlay: string;
  /** Reference lines in indicator panes (RSI 30/70…). */
  reference: string;
}

export const chartColors: ChartPalette = {
  background: '#0b0e14',
  text: '#b2b5be',
  grid: 'rgba(42, 46, 57, 0.5)',
  border: '#2a2e39',
  crosshair: '#758696',
  crosshairLabel: '#363a45',
  up: '#26a69a',
  down: '#ef5350',
  upVolume: 'rgba(38, 166, 154, 0.45)',
  downVolume: 'rgba(239, 83, 80, 0.45)',
  textStrong: '#d1d4dc',
  overlay: 'rgba(19, 23, 34, 0.85)',
  reference: '#787b86',
};

// Placeholder until the light palette is designed: same as dark. (Replaced by the theme work.)
const lightColors: ChartPalette = { ...chartColors };

export function chartPalette(theme: Theme): ChartPalette {
  return theme === 'light' ? lightColors : chartColors;
}

export const darkChartOptions: DeepPartial<ChartOptions> = {
  autoSize: true,
  layout: {
    background: { type: ColorType.Solid, color: chartColors.background },
    textColor: chartColors.text,
    fontSize: 12,
    fontFamily: 'ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
    attributionLogo: true,
  },
  grid: {
    vertLines: { color: chartColors.grid },
    horzLines: { color: chartColors.grid },
  },
  crosshair: {
    mode: CrosshairMode.Normal,
    vertLine: { color: chartColors.crosshair, labelBackgroundColor: chartColors.crosshairLabel },
    horzLine: { color: chartColors.crosshair, labelBackgroundColor: chartColors.crosshairLabel },
  },
  rightPriceScale: { borderColor: chartColors.border },
  timeScale: {
    borderColor: chartColors.border,
    timeVisible: true,
    secondsVisible: false,
    rightOffset: 6,
    barSpacing: 8,
  },
};

export function candleSeriesOptions(precision: number): CandlestickSeriesPartialOptions {
  return {
    upColor: chartColors.up,
    downColor: chartColors.down,
    borderUpColor: chartColors.up,
    borderDownColor: chartColors.down,
    wickUpColor: chartColors.up,
    wickDownColor: chartColors.down,
    priceFormat: { type: 'price', precision, minMove: 1 / 10 ** precision },
  };
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
