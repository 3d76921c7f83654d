// What an indicator's legend row says: its label, and its values at one bar in each output's
// colour, formatted the way TradingView prints study values. Pure.
import { outputOf } from '@coinview/core/indicators';
import { indicatorLabel } from '@coinview/core/indicators/param-fields';
import type { PatternMatch } from '@coinview/core/indicators/patterns';
import type { LayoutIndicator } from '@coinview/core/layout';
import { formatPrice, formatVolume } from './bars';
import type { Plot } from './indicator-points';

/** The row's title: the user's name for the instance, else "RSI 14"-style. */
export function legendLabel(lay: Pick<LayoutIndicator, 'id' | 'name' | 'params'>): string {
  if (lay.name) return lay.name;
  try {
    return indicatorLabel(lay.id, lay.params);
  } catch {
    return lay.id;
  }
}

/**
 * A study value: prices at the market's precision on the price pane; elsewhere two decimals, more
 * for small magnitudes (a MACD of a cheap coin), and K/M/B for large running totals (OBV).
 */
export function formatIndicatorValue(value: number | null, precision?: number): string {
  if (value === null || !Number.isFinite(value)) return '∅';
  if (precision !== undefined) return formatPrice(value, precision);
  const abs = Math.abs(value);
  if (abs >= 1e5) return formatVolume(value);
  if (abs >= 1 || abs === 0) return formatPrice(value, 2);
  const decimals = Math.min(8, 1 - Math.floor(Math.log10(abs)) + 2);
  return value.toFixed(decimals);
}

export interface LegendValue {
  output: string;
  text: string;
  color: string;
}

/**
 * The values shown for bar `index`: each plot's value drawn at that bar, which for a shifted plot
 * (Ichimoku's leads and lagging span) is the value of the bar `shift` away.
 */
export function legendValues(
  values: readonly unknown[],
  index: number,
  plots: readonly Plot[],
  colorOf: (output: string) => string,
  precision?: number,
): LegendValue[] {
  return plots.map((plot) => ({
    output: plot.output,
    text: formatIndicatorValue(outputOf(values[index - plot.shift], plot.output), precision),
    color: colorOf(plot.output),
  }));
}

/** Pattern names completed by the bar, coloured by direction. */
export function patternLegendValues(
  value: unknown,
  colorOf: (output: string) => string,
): LegendValue[] {
  if (!Array.isArray(value)) return [];
  return (value as PatternMatch[]).map((m) => ({
    output: m.pattern,
    text: m.name,
    color: colorOf(m.direction),
  }));
}

/** The last bar's outputs as plain JSON (the legend's `data-values`, read by tests and benches). */
export function valuesJson(value: unknown, outputs: readonly string[]): string {
  if (Array.isArray(value)) return JSON.stringify((value as PatternMatch[]).map((m) => m.pattern));
  const out: Record<string, number | null> = {};
  for (const o of outputs) out[o] = outputOf(value, o);
  return JSON.stringify(out);
}
