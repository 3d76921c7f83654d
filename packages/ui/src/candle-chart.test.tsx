// @vitest-environment happy-dom
// The chart wrapper's contract, observed through a recording stand-in for lightweight-charts
// (chart-double.ts).
import { act, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as LightweightCharts from 'lightweight-charts';
import type { ChartBar } from './bars';
import { liveSeries as series, recorded, type Range } from './chart-double';

vi.mock('lightweight-charts', async (importOriginal) => {
  const { fakeLightweightCharts } = await import('./chart-double');
  return fakeLightweightCharts(await importOriginal<typeof LightweightCharts>());
});

const { CandleChart } = await import('./candle-chart');

const bar = (time: number, close: number, open = 100): ChartBar => ({
  time,
  open,
  high: Math.max(open, close) + 1,
  low: Math.min(open, close) - 1,
  close,
  volume: 1500,
});

let host: HTMLDivElement;
let root: Root;

function render(node: ReactNode) {
  act(() => root.render(node));
}

function chartElement(): HTMLElement {
  const el = host.querySelector<HTMLElement>('[data-testid="candle-chart"]');
  if (!el) throw new Error('no chart element');
  return el;
}

beforeEach(() => {
  (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
  recorded.charts.length = 0;
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
});

afterEach(() => {
  act(() => root.unmount());
  host.remove();
});

describe('CandleChart', () => {
  const history = [bar(60, 101), bar(120, 103), bar(180, 102)];

  it('draws history once and exposes the last bar on its element', () => {
    render(<CandleChart bars={history} title="BTCUSDT · 1m" />);
    expect(recorded.charts).toHaveLength(1);
    expect(series('candles').setData).toHaveBeenCalledTimes(1);
    expect(series('candles').data.map((d) => d.time)).toEqual([60, 120, 180]);
    expect(series('volume').data).toHaveLength(3);

    const el = chartElement();
    expect(el.dataset.barCount).toBe('3');
    expect(el.dataset.lastTime).toBe('180');
    expect(el.dataset.lastClose).toBe('102');
    const legend = host.querySelector('[data-testid="chart-legend"]')?.textContent ?? '';
    expect(legend).toContain('BTCUSDT · 1m');
    expect(legend).toContain('C 102.00');
    // 102 against the previous close of 103.
    expect(legend).toContain('-0.97%');
  });

  it('updates the forming bar in place and appends new bars without rebuilding anything', () => {
    render(<CandleChart bars={history} />);
    render(<CandleChart bars={history} liveBar={bar(180, 104)} />);
    render(<CandleChart bars={history} liveBar={bar(240, 99)} />);
    render(<CandleChart bars={history} liveBar={bar(240, 98.5)} />);

    expect(recorded.charts).toHaveLength(1);
    expect(series('candles').setData).toHaveBeenCalledTimes(1);
    expect(series('candles').update).toHaveBeenCalledTimes(3);
    expect(series('candles').data.map((d) => d.time)).toEqual([60, 120, 180, 240]);
    const el = chartElement();
    expect(el.dataset.barCount).toBe('4');
    expect(el.dataset.lastTime).toBe('240');
    expect(el.dataset.lastClose).toBe('98.5');
  });

  it('ignores a live bar older than the last one drawn', () => {
    render(<CandleChart bars={history} liveBar={bar(120, 1)} />);
    expect(series('candles').update).not.toHaveBeenCalled();
    expect(chartElement().dataset.lastClose).toBe('102');
  });

  it('replaces the data only when a new history array arrives, keeping a newer live bar', () => {
    const live = bar(240, 97);
    render(<CandleChart bars={history} liveBar={live} />);
    render(<CandleChart bars={history} liveBar={live} title="re-render" />);
    expect(series('candles').setData).toHaveBeenCalledTimes(1);

    render(<CandleChart bars={[...history, bar(200, 105)]} liveBar={live} />);
    expect(series('candles').setData).toHaveBeenCalledTimes(2);
    expect(series('candles').data.map((d) => d.time)).toEqual([60, 120, 180, 200, 240]);
    expect(chartElement().dataset.barCount).toBe('5');
  });

  it('shows the bar under the crosshair in the legend, and the last bar once it leaves', () => {
    render(<CandleChart bars={history} />);
    const chart = recorded.charts[0]!;
    const move = (param: unknown) =>
      act(() => {
        for (const handler of chart.crosshair) handler(param);
      });

    const hovered = history[1]!;
    const seriesData = new Map<unknown, unknown>([
      [
        series('candles').api,
        {
          time: hovered.time,
          open: hovered.open,
          high: hovered.high,
          low: hovered.low,
          close: hovered.close,
        },
      ],
      [series('volume').api, { time: hovered.time, value: 2_500_000 }],
    ]);
    move({ logical: 1, time: hovered.time, seriesData });
    let legend = host.querySelector('[data-testid="chart-legend"]')?.textContent ?? '';
    expect(legend).toContain('C 103.00');
    expect(legend).toContain('V 2.50M');
    // 103 against the close of the first bar, 101.
    expect(legend).toContain('+1.98%');

    move({ seriesData: new Map() });
    legend = host.querySelector('[data-testid="chart-legend"]')?.textContent ?? '';
    expect(legend).toContain('C 102.00');
  });

  it('removes the chart on unmount, and a new mount creates a fresh one', () => {
    render(<CandleChart bars={history} />);
    act(() => root.unmount());
    expect(recorded.charts[0]?.removed).toBe(true);
    root = createRoot(host);
    render(<CandleChart bars={history} />);
    expect(recorded.charts).toHaveLength(2);
  });
  it('prepends older history without moving the view, keeping the live bars drawn since', () => {
    const recent = [bar(600, 101), bar(660, 102), bar(720, 103)];
    render(<CandleChart bars={recent} interval="1m" />);
    render(<CandleChart bars={recent} interval="1m" liveBar={bar(780, 104)} />);
    render(<CandleChart bars={recent} interval="1m" liveBar={bar(840, 105)} />);
    const chart = recorded.charts[0]!;
    // The user looks at bars 1..3 (logical indices).
    chart.range = { from: 1, to: 3 };

    const older = [bar(420, 98), bar(480, 99), bar(540, 100), ...recent];
    render(<CandleChart bars={older} interval="1m" liveBar={bar(840, 105)} />);

    expect(series('candles').setData).toHaveBeenCalledTimes(2);
    // Bars 780 and 840 arrived live after the first history: they are still there.
    expect(series('candles').data.map((d) => d.time)).toEqual([
      420, 480, 540, 600, 660, 720, 780, 840,
    ]);
    expect(series('volume').data).toHaveLength(8);
    // Three bars were inserted before the view: it follows them.
    expect(chart.setRange).toHaveBeenLastCalledWith({ from: 4, to: 6 });
    const el = chartElement();
    expect(el.dataset.barCount).toBe('8');
    expect(el.dataset.firstTime).toBe('420');
    expect(el.dataset.lastTime).toBe('840');
    expect(el.dataset.gaps).toBe('0');
  });

  it('counts gaps between bars when it knows the interval', () => {
    render(<CandleChart bars={[bar(60, 1), bar(120, 1), bar(300, 1)]} interval="1m" />);
    expect(chartElement().dataset.gaps).toBe('1');
    render(
      <CandleChart
        bars={[bar(60, 1), bar(120, 1), bar(300, 1)]}
        interval="1m"
        liveBar={bar(420, 2)}
      />,
    );
    expect(chartElement().dataset.gaps).toBe('2');
  });

  it('asks for older history when the view nears the oldest bar, and reports the first bar in view', () => {
    const onNearStart = vi.fn();
    const many = Array.from({ length: 300 }, (_, i) => bar(60 * (i + 1), 100));
    render(<CandleChart bars={many} onNearStart={onNearStart} />);
    const chart = recorded.charts[0]!;
    const pan = (range: Range) =>
      act(() => {
        chart.range = range;
        for (const handler of chart.rangeHandlers) handler(range);
      });

    pan({ from: 200, to: 299 });
    expect(onNearStart).not.toHaveBeenCalled();
    expect(chartElement().dataset.viewStart).toBe(String(60 * 201));
    pan({ from: 40, to: 139 });
    // Within half a view of the oldest bar.
    expect(onNearStart).toHaveBeenCalledTimes(1);
    pan({ from: -5, to: 94 });
    expect(onNearStart).toHaveBeenCalledTimes(2);
    expect(chartElement().dataset.viewStart).toBe('60');
  });

  it('shows a loading indicator while older history is fetched', () => {
    render(<CandleChart bars={history} loadingHistory />);
    expect(host.querySelector('[data-testid="history-loading"]')).not.toBeNull();
    expect(chartElement().dataset.historyLoading).toBe('true');
    render(<CandleChart bars={history} />);
    expect(host.querySelector('[data-testid="history-loading"]')).toBeNull();
  });
});
