// @vitest-environment happy-dom
// Fills on the chart: each on the bar that contains it, buys under the bar in the up colour, sells
// over it in the down colour; the markers follow new fills and a chart type switch.
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as LightweightCharts from 'lightweight-charts';
import { recorded, resetRecorded } from './indicator-fake-chart';
import { recordedBars } from './indicator-test-bars';
import { chartColors } from './chart-theme';
import type { ChartFill } from './fill-markers';

vi.mock('lightweight-charts', async (importOriginal) => {
  const actual = await importOriginal<typeof LightweightCharts>();
  const { fakeLightweightCharts } = await import('./indicator-fake-chart');
  return fakeLightweightCharts(actual);
});

const { CandleChart } = await import('./candle-chart');
const { FillMarkers, fillMarkers } = await import('./fill-markers');

const bars = recordedBars().slice(0, 50);
// A fill 25 s into the 10th bar and one 59.9 s into the 20th (1m bars, times in seconds).
const buy: ChartFill = {
  id: 'o1:1',
  side: 'BUY',
  time: bars[9]!.time * 1000 + 25_000,
  price: '97310.55',
  quantity: '0.001',
};
const sell: ChartFill = {
  id: 'o2:1',
  side: 'SELL',
  time: bars[19]!.time * 1000 + 59_900,
  price: '97400',
  quantity: '0.001',
};

let host: HTMLDivElement;
let root: Root;

function render(fills: ChartFill[], chartType: 'candles' | 'line' = 'candles') {
  act(() =>
    root.render(
      <CandleChart bars={bars} interval="1m" chartType={chartType}>
        <FillMarkers fills={fills} interval="1m" />
      </CandleChart>,
    ),
  );
}

const attached = () => recorded.markers.filter((m) => !m.detached);

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

describe('fillMarkers', () => {
  it('puts each fill on the open time of its bar, sorted by time, coloured by side', () => {
    const markers = fillMarkers([sell, buy], '1m', chartColors);
    expect(markers).toEqual([
      expect.objectContaining({
        time: bars[9]!.time,
        position: 'belowBar',
        shape: 'arrowUp',
        color: chartColors.up,
        text: 'Buy 0.001 @ 97310.55',
      }),
      expect.objectContaining({
        time: bars[19]!.time,
        position: 'aboveBar',
        shape: 'arrowDown',
        color: chartColors.down,
        text: 'Sell 0.001 @ 97400',
      }),
    ]);
  });

  it('buckets by the interval: both fills land on one 1h bar', () => {
    const hour = Math.floor(buy.time / 3_600_000) * 3_600;
    const markers = fillMarkers(
      [buy, { ...buy, id: 'o1:2', time: buy.time + 1_000 }],
      '1h',
      chartColors,
    );
    expect(markers.map((m) => m.time)).toEqual([hour, hour]);
  });
});

describe('FillMarkers', () => {
  it('draws the fills on the main series and follows new ones', () => {
    render([buy]);
    expect(attached()).toHaveLength(1);
    expect(attached()[0]!.markers.map((m) => m.text)).toEqual(['Buy 0.001 @ 97310.55']);
    render([buy, sell]);
    expect(attached()).toHaveLength(1);
    expect(attached()[0]!.markers).toHaveLength(2);
  });

  it('lists what it drew for screen readers, nothing when there are no fills', () => {
    render([]);
    expect(host.querySelector('[data-testid="fill-markers"]')).toBeNull();
    render([sell, buy]);
    const list = host.querySelector('[data-testid="fill-markers"]')!;
    expect(list.getAttribute('aria-label')).toBe('Your fills on this chart');
    expect([...list.querySelectorAll('li')].map((li) => li.textContent)).toEqual([
      'Buy 0.001 @ 97310.55',
      'Sell 0.001 @ 97400',
    ]);
  });

  it('re-attaches to the new main series after a chart type switch', () => {
    render([buy, sell]);
    const first = attached()[0]!;
    render([buy, sell], 'line');
    expect(first.detached).toBe(true);
    expect(attached()).toHaveLength(1);
    expect(attached()[0]!.series).not.toBe(first.series);
    expect(attached()[0]!.markers).toHaveLength(2);
  });
});
