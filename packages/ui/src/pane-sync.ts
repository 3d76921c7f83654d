// Puts indicator series into the chart panes a PaneLayout asks for, and reads and writes the
// panes' sizes. lightweight-charts removes a pane when its last series leaves, shifting the panes
// below it up; moving series in ascending order of their target pane converges anyway: when
// series go to pane k, panes 0..k−1 are already final and each keeps a series of its own.
import type { IChartApi } from 'lightweight-charts';
import { paneTops } from './pane-layout';

export interface PanedThing {
  /** Chart pane the thing's series are in now; undefined when it draws no series. */
  paneIndex(): number | undefined;
  moveToPane(pane: number): void;
}

export function arrangePanes(things: readonly { thing: PanedThing; pane: number }[]): void {
  const ordered = [...things].sort((a, b) => a.pane - b.pane);
  for (const { thing, pane } of ordered) {
    const now = thing.paneIndex();
    if (now !== undefined && now !== pane) thing.moveToPane(pane);
  }
}

/** Sets each pane's stretch factor where it differs (each set re-lays the chart out). */
export function applyStretch(chart: IChartApi, factors: readonly number[]): void {
  const panes = chart.panes();
  factors.forEach((factor, i) => {
    const pane = panes[i];
    if (pane && pane.getStretchFactor() !== factor) pane.setStretchFactor(factor);
  });
}

export function readStretch(chart: IChartApi): number[] {
  return chart.panes().map((p) => p.getStretchFactor());
}

/**
 * Pixel top of each pane within the chart element: measured from the panes' elements when the
 * library exposes them (exact, separators included), else summed from their heights.
 */
export function readPaneTops(chart: IChartApi): number[] {
  const panes = chart.panes();
  const elements = panes.map((p) => p.getHTMLElement());
  if (elements.every((e) => e !== null)) {
    const origin = chart.chartElement().getBoundingClientRect().top;
    return elements.map((e) => e.getBoundingClientRect().top - origin);
  }
  return paneTops(panes.map((p) => p.getHeight()));
}

/** Watches the panes' elements: their size changes on a separator drag or a chart resize. */
export function observePanes(
  chart: IChartApi,
  observer: ResizeObserver | null,
  seen: Set<Element>,
) {
  if (!observer) return;
  for (const pane of chart.panes()) {
    const element = pane.getHTMLElement();
    if (element && !seen.has(element)) {
      seen.add(element);
      observer.observe(element);
    }
  }
}
