// @vitest-environment happy-dom
// The indicator layer inside a real CandleChart, observed through a recording stand-in for
// lightweight-charts (see indicator-fake-chart).
import { createIndicator } from '@coinview/core/indicators';
import type { LayoutIndicator } from '@coinview/core/layout';
import { act, StrictMode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as LightweightCharts from 'lightweight-charts';
import type { ChartBar } from './bars';
import { recorded, resetRecorded, type FakeSeries } from './indicator-fake-chart';
import type { IndicatorLayerProps } from './indicator-layer';
import { recordedBars } from './indicator-test-bars';

vi.mock('lightweight-charts', async (importOriginal) => {
  const actual = await importOriginal<typeof LightweightCharts>();
  const { fakeLightweightCharts } = await import('./indicator-fake-chart');
  return fakeLightweightCharts(actual);
});

const { CandleChart } = await import('./candle-chart');
const { IndicatorLayer } = await import('./indicator-layer');

const all = recordedBars();
const history = all.slice(0, 500);

const rsi: LayoutIndicator = {
  id: 'rsi',
  instanceId: 'rsi-1',
  params: { period: 14 },
  colors: {},
  visible: true,
  pane: 1,
};
const bb: LayoutIndicator = {
  id: 'bb',
  instanceId: 'bb-1',
  params: {},
  colors: { upper: '#111111' },
  visible: true,
  pane: 0,
};
const macd: LayoutIndicator = {
  id: 'macd',
  instanceId: 'macd-1',
  params: {},
  colors: {},
  visible: true,
  pane: 2,
};

let host: HTMLDivElement;
let root: Root;

type Props = Partial<IndicatorLayerProps> & { chartType?: 'candles' | 'line' };

function render(props: Props = {}) {
  const { chartType, ...layer } = props;
  const bars = layer.bars ?? history;
  act(() =>
    root.render(
      <CandleChart bars={bars} liveBar={layer.liveBar} interval="1m" chartType={chartType}>
        <IndicatorLayer
          indicators={[rsi, bb]}
          bars={bars}
          interval="1m"
          paneHeights={[3, 1, 1]}
          {...layer}
        />
      </CandleChart>,
    ),
  );
}

/** Lets the legend's animation-frame updates run. */
async function frames() {
  await act(async () => {
    await new Promise((resolve) => setTimeout(resolve, 30));
  });
}

const chart = () => recorded.charts.at(-1)!;
const live = (type: string) => chart().series.filter((s) => !s.removed && s.type === type);
const paneOf = (s: FakeSeries) => chart().panes.findIndex((p) => p.series.includes(s));
const lastValue = (s: FakeSeries) => s.data.at(-1)?.value;

function legendRow(instanceId: string): HTMLElement {
  const el = host.querySelector<HTMLElement>(`[data-instance-id="${instanceId}"]`);
  if (!el) throw new Error(`no legend row for ${instanceId}`);
  return el;
}

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

describe('IndicatorLayer', () => {
  it('draws overlays on the price pane and an oscillator in its own pane with its range', async () => {
    render();
    await frames();
    const lines = live('Line');
    // Three Bollinger lines on the price pane, RSI's line in pane 1.
    expect(lines).toHaveLength(4);
    const rsiLine = lines.find((s) => paneOf(s) === 1)!;
    expect(chart().panes).toHaveLength(2);
    expect(rsiLine.setData).toHaveBeenCalledTimes(1);
    expect(rsiLine.priceLines.map((l) => l.options.price)).toEqual([30, 70]);
    const provider = rsiLine.options.autoscaleInfoProvider as () => unknown;
    expect(provider()).toEqual({ priceRange: { minValue: 0, maxValue: 100 } });
    const expected = createIndicator('rsi', { period: 14 }).compute(history);
    expect(lastValue(rsiLine)).toBe(expected.at(-1));
    const upper = lines.find((s) => s.options.color === '#111111')!;
    expect(paneOf(upper)).toBe(0);
    // Price panes 3:1 as asked.
    expect(chart().panes.map((p) => p.stretch)).toEqual([3, 1]);

    const row = legendRow('rsi-1');
    expect(row.dataset.indicator).toBe('rsi');
    expect(row.dataset.pane).toBe('1');
    expect(row.dataset.points).toBe(String(500 - 14));
    expect(JSON.parse(row.dataset.values!)).toEqual({ value: expected.at(-1) });
    expect(row.textContent).toContain('RSI 14');
    expect(legendRow('bb-1').dataset.pane).toBe('0');
    // Each pane's rows sit at its top-left: under the price legend, under the price pane (300px).
    const top = (pane: number) =>
      host.querySelector<HTMLElement>(`[data-testid="indicator-legend-pane"][data-pane="${pane}"]`)!
        .style.top;
    expect(top(0)).toBe('30px');
    expect(top(1)).toBe('305px');
  });

  it('follows live ticks with updates only, ending where a fresh compute ends', async () => {
    render();
    const rsiLine = live('Line').find((s) => paneOf(s) === 1)!;
    const forming = all[500]!;
    const ticks: ChartBar[] = [
      { ...forming, close: forming.open, high: forming.open, low: forming.open },
      forming,
      { ...all[501]!, close: all[501]!.open },
      all[501]!,
    ];
    for (const tick of ticks) render({ liveBar: tick });
    await frames();
    expect(rsiLine.setData).toHaveBeenCalledTimes(1);
    // At most one update per tick, plus the commit of the bar that closed (unchanged points skip).
    const updates = rsiLine.update.mock.calls.length;
    expect(updates).toBeGreaterThanOrEqual(3);
    expect(updates).toBeLessThanOrEqual(5);
    const fresh = createIndicator('rsi', { period: 14 }).compute(all.slice(0, 502));
    expect(rsiLine.data.at(-1)).toEqual({ time: all[501]!.time, value: fresh.at(-1) });
    expect(rsiLine.data.at(-2)).toEqual({ time: all[500]!.time, value: fresh.at(-2) });
    expect(JSON.parse(legendRow('rsi-1').dataset.values!)).toEqual({ value: fresh.at(-1) });
    expect(legendRow('rsi-1').dataset.points).toBe(String(502 - 14));
    // A stale tick changes nothing.
    render({ liveBar: all[400]! });
    expect(rsiLine.update).toHaveBeenCalledTimes(updates);
  });

  it('rebuilds only the instance whose parameters change; colours are options only', () => {
    render();
    const bbLines = live('Line').filter((s) => paneOf(s) === 0);
    const oldRsi = live('Line').find((s) => paneOf(s) === 1)!;
    render({ indicators: [{ ...rsi, params: { period: 21 } }, bb] });
    expect(oldRsi.removed).toBe(true);
    const newRsi = live('Line').find((s) => paneOf(s) === 1)!;
    const fresh = createIndicator('rsi', { period: 21 }).compute(history);
    expect(lastValue(newRsi)).toBe(fresh.at(-1));
    for (const s of bbLines) expect(s.setData).toHaveBeenCalledTimes(1);

    render({
      indicators: [
        { ...rsi, params: { period: 21 } },
        { ...bb, colors: { upper: '#222222' } },
      ],
    });
    expect(bbLines.some((s) => s.options.color === '#222222')).toBe(true);
    for (const s of bbLines) expect(s.setData).toHaveBeenCalledTimes(1);
    expect(newRsi.setData).toHaveBeenCalledTimes(1);
  });

  it('hides a hidden instance but keeps its legend row', async () => {
    render({ indicators: [{ ...rsi, visible: false }, bb], onToggleVisible: vi.fn() });
    await frames();
    const rsiLine = live('Line').find((s) => paneOf(s) === 1)!;
    expect(rsiLine.options.visible).toBe(false);
    const row = legendRow('rsi-1');
    expect(row.dataset.visible).toBe('false');
    expect(row.querySelector('[aria-label="Show RSI 14"]')).not.toBeNull();
    // No values for what is not drawn: the label alone.
    expect(row.textContent).toBe('RSI 14');
  });

  it('removes an indicator with its pane; the panes below move up', async () => {
    render({ indicators: [rsi, macd, bb], paneHeights: [3, 1, 0.5] });
    expect(chart().panes).toHaveLength(3);
    const histogram = live('Histogram').find((s) => s.type === 'Histogram' && paneOf(s) === 2)!;
    expect(histogram).toBeDefined();
    expect(chart().panes.map((p) => p.stretch)).toEqual([3, 1, 0.5]);

    render({ indicators: [macd, bb], paneHeights: [3, 1, 0.5] });
    await frames();
    expect(chart().panes).toHaveLength(2);
    expect(paneOf(histogram)).toBe(1);
    expect(chart().series.filter((s) => s.removed)).toHaveLength(1);
    expect(host.querySelector('[data-instance-id="rsi-1"]')).toBeNull();
    expect(legendRow('macd-1').dataset.pane).toBe('1');
    expect(chart().panes[1]!.stretch).toBe(0.5);
  });

  it('reports pane heights the user dragged', () => {
    const onPaneHeightsChange = vi.fn();
    vi.useFakeTimers({ toFake: ['requestAnimationFrame'] });
    try {
      render({ onPaneHeightsChange });
      chart().panes[0]!.stretch = 2.6;
      chart().panes[1]!.stretch = 1.4;
      window.dispatchEvent(new Event('pointerup'));
      act(() => {
        vi.advanceTimersToNextFrame();
      });
    } finally {
      vi.useRealTimers();
    }
    expect(onPaneHeightsChange).toHaveBeenCalledWith([2.6, 1.4, 1]);
  });

  it('offers hide, settings and remove buttons named after the instance', () => {
    const onToggleVisible = vi.fn();
    const onEdit = vi.fn();
    const onRemove = vi.fn();
    render({ onToggleVisible, onEdit, onRemove });
    return frames().then(() => {
      const click = (label: string) =>
        act(() => host.querySelector<HTMLButtonElement>(`[aria-label="${label}"]`)!.click());
      click('Hide RSI 14');
      click('Settings for BB 20 2');
      click('Remove RSI 14');
      expect(onToggleVisible).toHaveBeenCalledWith('rsi-1');
      expect(onEdit).toHaveBeenCalledWith('bb-1');
      expect(onRemove).toHaveBeenCalledWith('rsi-1');
    });
  });

  it('recomputes from scratch when older history is prepended', () => {
    render({ bars: all.slice(200, 500) });
    const rsiLine = live('Line').find((s) => paneOf(s) === 1)!;
    render({ bars: history });
    expect(rsiLine.setData).toHaveBeenCalledTimes(2);
    expect(rsiLine.data).toHaveLength(500);
    const fresh = createIndicator('rsi', { period: 14 }).compute(history);
    expect(lastValue(rsiLine)).toBe(fresh.at(-1));
  });

  it("draws Ichimoku's leading spans into the future", () => {
    const ichimoku = { ...bb, id: 'ichimoku', instanceId: 'ich', params: {}, colors: {} };
    render({ indicators: [ichimoku] });
    const lines = live('Line');
    expect(lines).toHaveLength(5);
    const lastTimes = lines.map((s) => s.data.at(-1)!.time).sort((a, b) => a - b);
    const last = history.at(-1)!.time;
    expect(lastTimes).toEqual([last - 25 * 60, last, last, last + 25 * 60, last + 25 * 60]);
  });

  it('marks candlestick patterns on the main series and follows a chart type switch', async () => {
    const patterns: LayoutIndicator = {
      id: 'patterns',
      instanceId: 'pat',
      params: {},
      colors: {},
      visible: true,
      pane: 0,
    };
    render({ indicators: [patterns] });
    const first = recorded.markers.at(-1)!;
    const main = chart().series.find((s) => s.type === 'Candlestick')!;
    expect(first.series).toBe(main.api);
    const expected = createIndicator('patterns', {})
      .compute(history)
      .reduce((n: number, v) => n + ((v as unknown[] | null)?.length ?? 0), 0);
    expect(expected).toBeGreaterThan(0);
    expect(first.markers).toHaveLength(expected);
    const bullish = first.markers.find((m) => m.shape === 'arrowUp')!;
    expect(bullish.position).toBe('belowBar');

    render({ indicators: [patterns], chartType: 'line' });
    const second = recorded.markers.at(-1)!;
    expect(first.detached).toBe(true);
    expect(second.series).toBe(chart().series.find((s) => s.type === 'Line' && !s.removed)!.api);
    expect(second.markers).toHaveLength(expected);
    await frames();
    expect(legendRow('pat').dataset.points).toBe(String(expected));
  });

  it('marks patterns of live bars as they form and once they close', () => {
    const patterns: LayoutIndicator = {
      id: 'patterns',
      instanceId: 'pat',
      params: {},
      colors: { bearish: '#aa0000' },
      visible: true,
      pane: 0,
    };
    const count = (bars: ChartBar[]) =>
      createIndicator('patterns', {})
        .compute(bars)
        .reduce((n: number, v) => n + ((v as unknown[] | null)?.length ?? 0), 0);
    // Find a bar after the history that completes a pattern, so the live path has one to draw.
    const at = all.findIndex(
      (_, i) => i >= 500 && count(all.slice(0, i + 1)) > count(all.slice(0, i)),
    );
    expect(at).toBeGreaterThan(0);
    const base = all.slice(0, at);
    render({ indicators: [patterns], bars: base });
    const plugin = recorded.markers.at(-1)!;
    expect(plugin.markers).toHaveLength(count(base));
    const forming = all[at]!;
    render({ indicators: [patterns], bars: base, liveBar: forming });
    expect(plugin.markers).toHaveLength(count(all.slice(0, at + 1)));
    expect(plugin.markers.at(-1)!.time).toBe(forming.time);
    // The next bar opens: the pattern stays, committed, with the new bar's own (if any).
    render({ indicators: [patterns], bars: base, liveBar: all[at + 1]! });
    expect(plugin.markers).toHaveLength(count(all.slice(0, at + 2)));
    const bearish = plugin.markers.filter((m) => m.shape === 'arrowDown');
    for (const m of bearish) expect((m as { color?: string }).color).toBe('#aa0000');
  });

  it('draws each series once under StrictMode (effects run twice in development)', () => {
    act(() =>
      root.render(
        <StrictMode>
          <CandleChart bars={history} interval="1m">
            <IndicatorLayer
              indicators={[rsi, bb]}
              bars={history}
              interval="1m"
              paneHeights={[3, 1]}
            />
          </CandleChart>
        </StrictMode>,
      ),
    );
    const current = chart();
    expect(current.removed).toBe(false);
    expect(current.series.filter((s) => !s.removed && s.type === 'Line')).toHaveLength(4);
    expect(current.panes).toHaveLength(2);
  });

  it('removes everything it drew when it unmounts', () => {
    render({ indicators: [rsi, bb, macd] });
    act(() => root.render(<CandleChart bars={history} interval="1m" />));
    expect(chart().panes).toHaveLength(1);
    expect(
      chart()
        .series.filter((s) => !s.removed)
        .map((s) => s.type),
    ).toEqual(['Candlestick', 'Histogram']);
  });
});
