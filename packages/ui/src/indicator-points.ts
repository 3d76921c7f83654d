// How an indicator's outputs become points on the chart: which outputs are drawn and how (a line,
// Parabolic SAR's dots, MACD's histogram), where each lands in time (Ichimoku draws its leading
// spans ahead of the last bar and its lagging span behind), and which bars get a gap. Pure, so the
// drawing component stays thin and the placement rules are tested directly.
import {
  INDICATORS,
  outputOf,
  type CatalogEntry,
  type IndicatorId,
} from '@coinview/core/indicators';
import { nextBarOpen, type Interval } from '@coinview/core/interval';

export type PlotKind = 'line' | 'dots' | 'histogram';

/** One drawn output of an indicator. */
export interface Plot {
  output: string;
  kind: PlotKind;
  /** Bars the value is drawn after (> 0, ahead) or before (< 0, behind) the bar it belongs to. */
  shift: number;
}

/** A point as lightweight-charts takes it: a value, or whitespace (a gap) when `value` is absent. */
export interface PlotPoint {
  time: number;
  value?: number;
  color?: string;
}

export function catalogEntry(id: string): CatalogEntry | undefined {
  return Object.hasOwn(INDICATORS, id) ? INDICATORS[id as IndicatorId] : undefined;
}

// Ichimoku's senkouA/senkouB are the leading spans as seen under the current bar: the same lines
// as leadA/leadB drawn ahead, so only the leads are drawn (TradingView's presentation).
const ICHIMOKU_DRAWN = ['tenkan', 'kijun', 'chikou', 'leadA', 'leadB'];

/** The plots of a catalogue indicator; empty for markers (patterns) and unknown ids. */
export function plotsOf(id: string, params: Record<string, unknown>): Plot[] {
  const entry = catalogEntry(id);
  if (!entry || entry.placement === 'markers') return [];
  if (id === 'ichimoku') {
    const d = typeof params.displacement === 'number' ? params.displacement : 26;
    const ahead = Math.max(0, d - 1);
    return ICHIMOKU_DRAWN.map((output) => ({
      output,
      kind: 'line',
      shift: output === 'chikou' ? -ahead : output.startsWith('lead') ? ahead : 0,
    }));
  }
  return entry.outputs.map((output) => ({
    output,
    kind: id === 'psar' ? 'dots' : id === 'macd' && output === 'histogram' ? 'histogram' : 'line',
    shift: 0,
  }));
}

/**
 * Time of bar `index` of `times` (UTC seconds, oldest first); past the last bar, the bars the
 * interval would open next (so leading spans reach into the future). Undefined before the first.
 */
export function timeAt(
  times: readonly number[],
  index: number,
  interval: Interval,
): number | undefined {
  if (index < 0) return undefined;
  if (index < times.length) return times[index];
  let t = times[times.length - 1];
  if (t === undefined) return undefined;
  for (let i = times.length - 1; i < index; i++) t = nextBarOpen(t * 1000, interval) / 1000;
  return t;
}

/** `#rrggbb` at an opacity, for the fainter histogram columns; other colour forms pass through. */
export function withAlpha(color: string, alpha: number): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})/i.exec(color);
  if (!m) return color;
  const [r, g, b] = [m[1]!, m[2]!, m[3]!].map((h) => parseInt(h, 16));
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}

/** Colours of a histogram column: by sign, fainter when it moves back toward zero. */
export interface HistogramColors {
  positive: string;
  negative: string;
}

export function histogramColor(
  value: number,
  previous: number | null,
  colors: HistogramColors,
): string {
  const base = value >= 0 ? colors.positive : colors.negative;
  const weakening = previous !== null && Math.abs(value) < Math.abs(previous);
  return weakening ? withAlpha(base, 0.5) : base;
}

/**
 * The point of `plot` for the value at bar `index` (placed `plot.shift` bars away); null when it
 * falls before the first bar. A missing output gives whitespace, so the line shows a gap there.
 */
export function pointAt(
  values: readonly unknown[],
  index: number,
  plot: Plot,
  times: readonly number[],
  interval: Interval,
  histogram?: HistogramColors,
): PlotPoint | null {
  const time = timeAt(times, index + plot.shift, interval);
  if (time === undefined) return null;
  const value = outputOf(values[index], plot.output);
  if (value === null || !Number.isFinite(value)) return { time };
  if (!histogram) return { time, value };
  const previous = index > 0 ? outputOf(values[index - 1], plot.output) : null;
  return { time, value, color: histogramColor(value, previous, histogram) };
}

/** Every point of `plot` over the values of all bars, in time order, and how many hold a value. */
export function plotPoints(
  values: readonly unknown[],
  plot: Plot,
  times: readonly number[],
  interval: Interval,
  histogram?: HistogramColors,
): { points: PlotPoint[]; count: number } {
  const points: PlotPoint[] = [];
  let count = 0;
  // Behind-shifted plots start where their first bar lands on the chart.
  const start = plot.shift < 0 ? -plot.shift : 0;
  for (let i = start; i < values.length; i++) {
    const point = pointAt(values, i, plot, times, interval, histogram);
    if (!point) continue;
    if (point.value !== undefined) count++;
    points.push(point);
  }
  return { points, count };
}
