// @vitest-environment happy-dom
// The curve chart: one series per line in its pane (drawdown as an area in the second pane), times
// converted from ms to chart seconds, percents scaled, series removed with their line; and the
// focus range of a trade on the price chart.
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as LightweightCharts from 'lightweight-charts';
import { recorded, resetRecorded } from './indicator-fake-chart';
import type { CurveLine } from './curve-chart';

vi.mock('lightweight-charts', async (importOriginal) => {
  const actual = await importOriginal<typeof LightweightCharts>();
  const { fakeLightweightCharts } = await import('./indicator-fake-chart');
  return fakeLightweightCharts(actual);
});

const { CurveChart, curvePoints } = await import('./curve-chart');
const { focusRange } = await import('./chart-focus');

const equity: CurveLine = {
  id: 'equity',
  label: 'Equity',
  color: '#2962ff',
  times: [60_000, 120_000, 180_000],
  values: [10_000, 10_100, 9_900],
};
const drawdown: CurveLine = {
  id: 'dd',
  label: 'Drawdown',
  color: '#ef5350',
  times: [60_000, 120_000, 180_000],
  values: [0, 0, 0.0198],
  pane: 1,
  area: true,
  percent: true,
};

let host: HTMLDivElement;
let root: Root;
beforeEach(() => {
  (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
  resetRecorded();
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
});
afterEach(() => {
  act(() => root.unmount());
  host.remove();
});

describe('CurveChart', () => {
  it('draws each line in its pane, in seconds, percents × 100', () => {
    act(() => root.render(<CurveChart label="Equity" lines={[equity, drawdown]} />));
    const chart = recorded.charts[0]!;
    expect(chart.panes).toHaveLength(2);
    const [line, area] = chart.series;
    expect(line!.type).toBe('Line');
    expect(line!.data).toEqual([
      { time: 60, value: 10_000 },
      { time: 120, value: 10_100 },
      { time: 180, value: 9_900 },
    ]);
    expect(area!.type).toBe('Area');
    expect(chart.panes[1]!.series).toContain(area);
    // 0.0198 → 1.98 (%), up to float rounding.
    expect(area!.data[2]!.value).toBeCloseTo(1.98, 10);
    expect(host.querySelectorAll('[data-testid="curve-legend"]')).toHaveLength(2);
  });

  it('removes the series of a line that is gone, and the chart on unmount', () => {
    act(() => root.render(<CurveChart label="Equity" lines={[equity, drawdown]} />));
    act(() => root.render(<CurveChart label="Equity" lines={[equity]} />));
    const chart = recorded.charts[0]!;
    expect(chart.series.filter((s) => !s.removed)).toHaveLength(1);
    expect(chart.panes).toHaveLength(1);
    act(() => root.unmount());
    expect(chart.removed).toBe(true);
    root = createRoot(host);
  });
});

describe('curvePoints', () => {
  it('keeps the last value of a repeated second and drops times going back', () => {
    // 60.2 s and 60.9 s are both second 60 on the chart: the later value wins.
    expect(curvePoints([60_200, 60_900, 30_000, 120_000], [1, 2, 3, 4])).toEqual([
      { time: 60, value: 2 },
      { time: 120, value: 4 },
    ]);
  });
});

describe('focusRange', () => {
  const bars = [0, 60, 120, 180, 240].map((time) => ({
    time,
    open: 1,
    high: 1,
    low: 1,
    close: 1,
    volume: 0,
  }));
  it('pads the span of bars by 20 bars either side', () => {
    // Bars 60..180 are indexes 1..3 → 1 − 20 … 3 + 20.
    expect(focusRange(bars, 60, 180)).toEqual({ from: -19, to: 23 });
  });
  it('is null for a span outside the bars', () => {
    expect(focusRange(bars, 300, 400)).toBeNull();
  });
});
