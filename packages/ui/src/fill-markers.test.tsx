// @vitest-environment happy-dom
// Fills on the chart: one marker per order per bar (its total quantity at its volume-weighted
// average price) on the bar that contains them, buys under the bar in the up colour, sells over it
// in the down colour; the markers follow new fills and a chart type switch.
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
  orderId: 'o1',
  side: 'BUY',
  time: bars[9]!.time * 1000 + 25_000,
  price: '97310.55',
  quantity: '0.001',
};
const sell: ChartFill = {
  id: 'o2:1',
  orderId: 'o2',
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

  it('buckets by the interval: fills of two orders land on one 1h bar', () => {
    const hour = Math.floor(buy.time / 3_600_000) * 3_600;
    const markers = fillMarkers(
      [buy, { ...buy, id: 'o3:1', orderId: 'o3', time: buy.time + 1_000 }],
      '1h',
      chartColors,
    );
    expect(markers.map((m) => m.time)).toEqual([hour, hour]);
  });

  // Fills of order `orderId` (trade `trade`) `ms` into the 10th bar.
  const t = bars[9]!.time * 1000;
  const fill = (
    orderId: string,
    trade: number,
    side: ChartFill['side'],
    ms: number,
    price: string,
    quantity: string,
  ): ChartFill => ({ id: `${orderId}:${trade}`, orderId, side, time: t + ms, price, quantity });
  // A market order that walked the book: three levels, given out of order.
  const walked = [
    fill('o5', 3, 'BUY', 5_000, '97311', '0.0002'),
    fill('o5', 1, 'BUY', 5_000, '97310.55', '0.0003'),
    fill('o5', 2, 'BUY', 5_000, '97310.6', '0.0004'),
  ];

  it("draws an order's fills on one bar as one marker: summed quantity, volume-weighted average price", () => {
    // (97310.55 × 0.0003 + 97310.6 × 0.0004 + 97311 × 0.0002) / 0.0009 = 97310.6722…, shown to the
    // fills' two decimals and two more.
    const markers = fillMarkers(walked, '1m', chartColors);
    expect(markers.map((m) => [m.id, m.time, m.position, m.text])).toEqual([
      [`fill:o5:${bars[9]!.time}`, bars[9]!.time, 'belowBar', 'Buy 0.0009 @ 97310.6722'],
    ]);
  });

  it('keeps the orders of one bar apart, the one that filled first first', () => {
    // o9 filled first though its id sorts last; o2's one fill comes between o9's two.
    const sells = [
      fill('o9', 1, 'SELL', 1_000, '97400', '0.002'),
      fill('o2', 1, 'SELL', 2_000, '97390.5', '0.001'),
      fill('o9', 2, 'SELL', 3_000, '97399', '0.002'),
    ];
    const markers = fillMarkers(sells.toReversed(), '1m', chartColors);
    expect(markers.map((m) => [m.time, m.position, m.color, m.text])).toEqual([
      [bars[9]!.time, 'aboveBar', chartColors.down, 'Sell 0.004 @ 97399.5'],
      [bars[9]!.time, 'aboveBar', chartColors.down, 'Sell 0.001 @ 97390.5'],
    ]);
    expect(new Set(markers.map((m) => m.id)).size).toBe(2);
  });

  it('draws an order whose fills span two bars once on each bar', () => {
    const late = { ...walked[0]!, id: 'o5:4', time: bars[10]!.time * 1000 + 1_000, price: '97320' };
    const markers = fillMarkers([late, ...walked], '1m', chartColors);
    expect(markers.map((m) => [m.time, m.text])).toEqual([
      [bars[9]!.time, 'Buy 0.0009 @ 97310.6722'],
      [bars[10]!.time, 'Buy 0.0002 @ 97320'],
    ]);
    // On 5m bars both fall in one bar (bars 9 and 10 share one 5m bar): one marker again.
    const fiveMinute = Math.floor(t / 300_000) * 300;
    expect(bars[10]!.time - fiveMinute).toBeLessThan(300);
    expect(fillMarkers([late, ...walked], '5m', chartColors).map((m) => [m.time, m.text])).toEqual([
      [fiveMinute, 'Buy 0.0011 @ 97312.3682'],
    ]);
  });
});

describe('FillMarkers', () => {
  it('draws the fills on the main series and follows new ones', () => {
    render([buy]);
    expect(attached()).toHaveLength(1);
    // The canvas says the signed quantity; the list beside it says side, quantity and price.
    expect(attached()[0]!.markers.map((m) => m.text)).toEqual(['+0.001']);
    render([buy, sell]);
    expect(attached()[0]!.markers.map((m) => m.text)).toEqual(['+0.001', '−0.001']);
    expect(attached()).toHaveLength(1);
    expect(attached()[0]!.markers).toHaveLength(2);
  });

  it('draws a second fill of an order on the same bar into its marker', () => {
    render([buy]);
    render([buy, { ...buy, id: 'o1:2', time: buy.time + 500, price: '97310.65' }]);
    expect(attached()[0]!.markers.map((m) => m.text)).toEqual(['+0.002']);
    expect(host.querySelector('[data-testid="fill-marker"]')?.textContent).toBe(
      'Buy 0.002 @ 97310.6',
    );
    expect(host.querySelectorAll('[data-testid="fill-marker"]')).toHaveLength(1);
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
