// @vitest-environment happy-dom
// Chart types, price scale modes and themes of CandleChart, observed through the recording
// stand-in for lightweight-charts (chart-double.ts).
import { act, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as LightweightCharts from 'lightweight-charts';
import type { ChartBar } from './bars';
import { liveSeries, recorded, type FakeChart, type Range } from './chart-double';

vi.mock('lightweight-charts', async (importOriginal) => {
  const { fakeLightweightCharts } = await import('./chart-double');
  return fakeLightweightCharts(await importOriginal<typeof LightweightCharts>());
});

const { PriceScaleMode } = await import('lightweight-charts');
const { CandleChart } = await import('./candle-chart');
const { useMainSeries } = await import('./candle-series');
const { useChartTheme } = await import('./chart');
const { chartPalette } = await import('./chart-theme');

const bar = (time: number, close: number, open = 100): ChartBar => ({
  time,
  open,
  high: Math.max(open, close) + 1,
  low: Math.min(open, close) - 1,
  close,
  volume: 1500,
});

const history = [bar(60, 101), bar(120, 103), bar(180, 102), bar(240, 99), bar(300, 104)];
const live = bar(360, 106, 104);

let host: HTMLDivElement;
let root: Root;

function render(node: ReactNode) {
  act(() => root.render(node));
}

function chart(): FakeChart {
  const found = recorded.charts.at(-1);
  if (!found) throw new Error('no chart');
  return found;
}

function chartElement(): HTMLElement {
  const el = host.querySelector<HTMLElement>('[data-testid="candle-chart"]');
  if (!el) throw new Error('no chart element');
  return el;
}

function pan(range: Range) {
  act(() => {
    chart().range = range;
    for (const handler of chart().rangeHandlers) handler(range);
  });
}

/** A colour as the DOM reports it back from a style (happy-dom may normalise it). */
function cssColor(value: string): string {
  const probe = document.createElement('span');
  probe.style.color = value;
  return probe.style.color;
}

/** WCAG 2.1 contrast ratio of two colours given as #rrggbb or rgb(r, g, b). */
function contrast(a: string, b: string): number {
  const luminance = (colour: string) => {
    const hex = /^#([0-9a-f]{6})$/i.exec(colour)?.[1];
    const rgb = hex
      ? [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16))
      : (colour.match(/\d+/g) ?? []).slice(0, 3).map(Number);
    const [r = 0, g = 0, bl = 0] = rgb.map((c) => {
      const s = c / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi = 0, lo = 0] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
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

describe('chart types', () => {
  it('swaps only the main series, with the same bars and live bar, keeping the view', () => {
    const seen: unknown[] = [];
    function Probe() {
      seen.push(useMainSeries());
      return null;
    }
    render(
      <CandleChart bars={history} liveBar={live} volume={false}>
        <Probe />
      </CandleChart>,
    );
    const candles = liveSeries('candles');
    expect(seen.at(-1)).toBe(candles.api);
    chart().range = { from: 1.5, to: 4 };

    render(
      <CandleChart bars={history} liveBar={live} volume={false} chartType="line">
        <Probe />
      </CandleChart>,
    );
    expect(recorded.charts).toHaveLength(1);
    expect(candles.removed).toBe(true);
    const line = liveSeries('line');
    // The history and the live bar drawn after it, as closes.
    expect(line.data).toEqual([
      ...history.map((b) => ({ time: b.time, value: b.close })),
      { time: 360, value: 106 },
    ]);
    expect(chartElement().dataset.barCount).toBe('6');
    expect(chartElement().dataset.chartType).toBe('line');
    // Removing the only series emptied the view; the wrapper put it back.
    expect(chart().range).toEqual({ from: 1.5, to: 4 });
    expect(line.order).toBe(candles.order);
    expect(seen.at(-1)).toBe(line.api);

    // Live bars keep going into the new series.
    render(
      <CandleChart bars={history} liveBar={bar(420, 107)} volume={false} chartType="line">
        <Probe />
      </CandleChart>,
    );
    expect(line.data.at(-1)).toEqual({ time: 420, value: 107 });
    expect(chartElement().dataset.barCount).toBe('7');
  });

  it('keeps the volume series across a switch and draws OHLC bars and hollow candles', () => {
    render(<CandleChart bars={history} liveBar={live} />);
    const volume = liveSeries('volume');
    render(<CandleChart bars={history} liveBar={live} chartType="bars" />);
    const bars = liveSeries('bars');
    expect(bars.data).toHaveLength(6);
    expect(bars.data.at(-1)).toEqual({ time: 360, open: 104, high: 107, low: 103, close: 106 });
    expect(liveSeries('volume')).toBe(volume);
    expect(volume.setData).toHaveBeenCalledTimes(1);

    render(<CandleChart bars={history} liveBar={live} chartType="hollow-candles" />);
    const hollow = liveSeries('candles');
    const { up } = chartPalette('dark');
    expect(hollow.options).toMatchObject({ upColor: 'rgba(0, 0, 0, 0)', borderUpColor: up });
    expect(hollow.data).toHaveLength(6);
    // Rising bodies are transparent: the last-value label takes its colour from the last bar.
    expect(hollow.options.priceLineColor).toBe(up);
    render(<CandleChart bars={history} liveBar={bar(360, 101, 104)} chartType="hollow-candles" />);
    expect(hollow.options.priceLineColor).toBe(chartPalette('dark').down);
    expect(recorded.charts[0]!.series.filter((s) => !s.removed)).toHaveLength(2);
  });

  it('puts the baseline at the close of the first bar in view, following a pan', () => {
    render(<CandleChart bars={history} chartType="area" />);
    chart().range = { from: 1, to: 4 };
    render(<CandleChart bars={history} chartType="baseline" />);
    const baseline = liveSeries('baseline');
    expect(baseline.options.baseValue).toEqual({ type: 'price', price: 103 });
    pan({ from: 2.6, to: 5 });
    expect(baseline.options.baseValue).toEqual({ type: 'price', price: 99 });
  });

  it('shows OHLC in the legend while hovering a line chart', () => {
    render(<CandleChart bars={history} chartType="line" />);
    const line = liveSeries('line');
    act(() => {
      for (const handler of chart().crosshair) {
        handler({
          logical: 1,
          seriesData: new Map([[line.api, { time: 120, value: 103 }]]),
        });
      }
    });
    const legend = host.querySelector('[data-testid="chart-legend"]')?.textContent ?? '';
    expect(legend).toContain('O 100.00');
    expect(legend).toContain('H 104.00');
    expect(legend).toContain('C 103.00');
    expect(legend).toContain('+1.98%');
  });
});

describe('price scale modes', () => {
  it('applies log and percent to the main series scale in place, and keeps it across types', () => {
    render(<CandleChart bars={history} priceScale="log" />);
    const candles = liveSeries('candles');
    expect(candles.scale.mode).toBe(PriceScaleMode.Logarithmic);
    expect(chartElement().dataset.priceScale).toBe('log');

    render(<CandleChart bars={history} priceScale="percent" />);
    expect(liveSeries('candles')).toBe(candles);
    expect(candles.scale.mode).toBe(PriceScaleMode.Percentage);

    render(<CandleChart bars={history} priceScale="percent" chartType="area" />);
    expect(liveSeries('area').scale.mode).toBe(PriceScaleMode.Percentage);
    render(<CandleChart bars={history} priceScale="normal" chartType="area" />);
    expect(liveSeries('area').scale.mode).toBe(PriceScaleMode.Normal);
    expect(recorded.charts).toHaveLength(1);
  });
});

describe('themes', () => {
  it('repaints the chart, series, volume and legend in place on a switch', () => {
    const dark = chartPalette('dark');
    const light = chartPalette('light');
    const themes: string[] = [];
    function Probe() {
      themes.push(useChartTheme().palette.background);
      return null;
    }
    render(
      <CandleChart bars={history} title="BTCUSDT">
        <Probe />
      </CandleChart>,
    );
    const legend = () => host.querySelector<HTMLElement>('[data-testid="chart-legend"]')!;
    const title = () => host.querySelector<HTMLElement>('[data-testid="chart-legend-title"]')!;
    expect(chart().options).toMatchObject({ layout: { background: { color: dark.background } } });
    expect(legend().style.color).toBe(cssColor(dark.text));
    const candles = liveSeries('candles');
    const volume = liveSeries('volume');
    expect(volume.data[0]).toMatchObject({ color: dark.upVolume });

    render(
      <CandleChart bars={history} title="BTCUSDT" theme="light">
        <Probe />
      </CandleChart>,
    );
    expect(recorded.charts).toHaveLength(1);
    expect(liveSeries('candles')).toBe(candles);
    expect(candles.setData).toHaveBeenCalledTimes(1);
    expect(chart().options).toMatchObject({
      layout: { background: { color: light.background }, textColor: light.text },
      grid: { horzLines: { color: light.grid } },
    });
    // A switch applies colours only: the user's zoom (bar spacing) is left alone.
    const lastApplied = chart().applyOptions.mock.lastCall?.[0];
    expect(lastApplied).not.toHaveProperty('timeScale.barSpacing');
    expect(candles.options).toMatchObject({ upColor: light.up, downColor: light.down });
    expect(volume.data[0]).toMatchObject({ color: light.upVolume });
    expect(volume.data[3]).toMatchObject({ color: light.downVolume });
    expect(legend().style.color).toBe(cssColor(light.text));
    expect(title().style.color).toBe(cssColor(light.textStrong));
    expect(legend().style.color).not.toBe(cssColor(dark.text));
    expect(themes.at(-1)).toBe(light.background);
    expect(chartElement().dataset.theme).toBe('light');
  });

  it('writes every legend text, up and down prices included, at 4.5:1 or more in both themes', () => {
    for (const theme of ['dark', 'light'] as const) {
      const palette = chartPalette(theme);
      // A rising and a falling last bar, so both the up and the down colour are written.
      for (const bars of [history, [...history, bar(360, 95, 104)]]) {
        render(<CandleChart bars={bars} title="BTCUSDT" theme={theme} />);
        const legend = host.querySelector<HTMLElement>('[data-testid="chart-legend"]')!;
        const colours = [legend, ...legend.querySelectorAll<HTMLElement>('[style*="color"]')]
          .map((el) => el.style.color)
          .filter(Boolean);
        expect(colours.length).toBeGreaterThan(2);
        for (const colour of colours) {
          expect(
            contrast(colour, palette.background),
            `${theme} legend ${colour} on ${palette.background}`,
          ).toBeGreaterThanOrEqual(4.5);
        }
      }
    }
  });

  it('keeps candles at 3:1 against the background (graphics) in both themes', () => {
    for (const theme of ['dark', 'light'] as const) {
      const p = chartPalette(theme);
      expect(contrast(p.up, p.background)).toBeGreaterThanOrEqual(3);
      expect(contrast(p.down, p.background)).toBeGreaterThanOrEqual(3);
    }
  });

  it('paints the loading spinner from the theme', () => {
    render(<CandleChart bars={history} loadingHistory theme="light" />);
    const box = host.querySelector<HTMLElement>('[data-testid="history-loading"]')!;
    expect(box.style.background).toBe(cssColor(chartPalette('light').overlay));
  });
});
