// Where indicators go among lightweight-charts' panes, and how tall the panes are. A layout numbers
// its panes freely (0 = price, 1.. = below it, possibly with holes after a removal); the chart's
// panes are contiguous, so the distinct layout pane numbers in use map in ascending order to chart
// panes 1..n. Heights are relative (stretch factors), indexed by layout pane number.
import type { LayoutIndicator } from '@coinview/core/layout';
import { catalogEntry } from './indicator-points';

export interface PaneLayout {
  /** Chart pane index of every drawn instance (0 for overlays and markers). */
  paneOf: Map<string, number>;
  /** Layout pane number of chart pane k + 1 (undefined for an instance that asked for pane 0). */
  layoutPanes: (number | undefined)[];
}

/** An oscillator pane without a saved height: a third of the price pane, as TradingView starts one. */
export function defaultPaneHeight(heights: readonly number[]): number {
  return (heights[0] ?? 1) / 3;
}

export function paneLayout(indicators: readonly LayoutIndicator[]): PaneLayout {
  const paneOf = new Map<string, number>();
  const numbered = new Set<number>();
  const alone: string[] = [];
  for (const lay of indicators) {
    const placement = catalogEntry(lay.id)?.placement;
    if (!placement) continue;
    if (placement !== 'pane') paneOf.set(lay.instanceId, 0);
    // An oscillator cannot share the price pane: one that asks for it gets a pane of its own.
    else if (lay.pane > 0) numbered.add(lay.pane);
    else alone.push(lay.instanceId);
  }
  const layoutPanes: (number | undefined)[] = [...numbered].sort((a, b) => a - b);
  const chartPane = new Map(layoutPanes.map((p, k) => [p, k + 1]));
  for (const lay of indicators) {
    if (catalogEntry(lay.id)?.placement === 'pane' && lay.pane > 0)
      paneOf.set(lay.instanceId, chartPane.get(lay.pane)!);
  }
  for (const instanceId of alone) {
    layoutPanes.push(undefined);
    paneOf.set(instanceId, layoutPanes.length);
  }
  return { paneOf, layoutPanes };
}

/** Stretch factor of each chart pane (index 0 = price). */
export function stretchFactors(layout: PaneLayout, heights: readonly number[]): number[] {
  const fallback = defaultPaneHeight(heights);
  return [
    heights[0] ?? 1,
    ...layout.layoutPanes.map((p) => (p === undefined ? fallback : (heights[p] ?? fallback))),
  ];
}

/**
 * The layout's heights after the user dragged a separator: the chart's stretch factors written
 * back under the layout pane numbers; null when they still say what `heights` says.
 */
export function heightsFromStretch(
  layout: PaneLayout,
  heights: readonly number[],
  factors: readonly number[],
): number[] | null {
  const expected = stretchFactors(layout, heights);
  if (factors.length !== expected.length) return null;
  const changed = factors.some((f, i) => Math.abs(f - expected[i]!) > 1e-6 * Math.max(1, f));
  if (!changed) return null;
  const next = [...heights];
  const fallback = defaultPaneHeight(heights);
  const set = (pane: number, value: number) => {
    while (next.length <= pane) next.push(fallback);
    next[pane] = value;
  };
  set(0, factors[0]!);
  layout.layoutPanes.forEach((p, k) => {
    if (p !== undefined) set(p, factors[k + 1]!);
  });
  return next;
}

/** Pixel offset of the top of each pane, from the panes' heights (a 1px separator between). */
export function paneTops(heights: readonly number[], separator = 1): number[] {
  const tops: number[] = [];
  let y = 0;
  for (const h of heights) {
    tops.push(y);
    y += h + separator;
  }
  return tops;
}
