// The dark, TradingView-like look shared by every chart and series.
import {
  ColorType,
  CrosshairMode,
  type CandlestickSeriesPartialOptions,
  type ChartOptions,
  type DeepPartial,
  type HistogramSeriesPartialOptions,
} from 'lightweight-charts';

export const chartColors = {
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
} as const;

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
