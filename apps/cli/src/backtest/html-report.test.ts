import type { BacktestResult } from '@coinview/core/backtest/engine';
import { computeMetrics } from '@coinview/core/backtest/metrics';
import { strategySchema } from '@coinview/core/backtest/strategy';
import type { ChartBar } from '@coinview/core/candle';
import { describe, expect, it } from 'vitest';
import { htmlReport, plotData } from './html-report';

const H = 3600;
// Five hourly bars; a trade bought in bar 1 (t = 1 h) and sold at the target in bar 3.
const bars: ChartBar[] = [
  { time: 0, open: 10, high: 12, low: 9, close: 11, volume: 1 },
  { time: H, open: 11, high: 13, low: 10, close: 12, volume: 1 },
  { time: 2 * H, open: 12, high: 15, low: 8, close: 9, volume: 1 },
  { time: 3 * H, open: 9, high: 10, low: 7, close: 8, volume: 1 },
  { time: 4 * H, open: 8, high: 9, low: 6, close: 7, volume: 1 },
];
const result: BacktestResult = {
  trades: [
    {
      entryTime: H * 1000,
      entryPrice: 11,
      exitTime: 3 * H * 1000,
      exitPrice: 9,
      quantity: 1,
      fees: 0,
      pnl: -2,
      returnPct: -2 / 11,
      barsHeld: 2,
      exitReason: 'stop',
    },
  ],
  open: null,
  times: bars.map((b) => b.time * 1000),
  equity: [100, 101, 98, 98, 98],
  drawdown: [0, 0, 0.03, 0.02, 0.01],
  inPosition: [0, 1, 1, 0, 0],
  buyAndHold: [100, 109, 82, 73, 64],
  signals: { entry: [0], exit: [] },
  initialCapital: 100,
  finalEquity: 98,
  commissionPaid: 0,
};

describe('plotData', () => {
  it('merges runs of bars into one candle and samples the curves per run', () => {
    // 5 bars, at most 2 plotted → 3 bars per candle: [0,1,2] and [3,4].
    const plot = plotData(bars, result, 2);
    expect(plot.barsPerCandle).toBe(3);
    expect(plot.candles).toEqual([
      { time: 0, open: 10, high: 15, low: 8, close: 9 },
      { time: 3 * H, open: 9, high: 10, low: 6, close: 7 },
    ]);
    // equity and buy-and-hold: the bucket's last bar; drawdown: its deepest, as a negative percent
    expect(plot.equity).toEqual([
      { time: 0, value: 98 },
      { time: 3 * H, value: 98 },
    ]);
    expect(plot.buyAndHold.map((p) => p.value)).toEqual([82, 64]);
    expect(plot.drawdown.map((p) => p.value)).toEqual([-3, -2]);
    // the entry (bar 1) lands on the first candle, the stop (bar 3) on the second
    expect(plot.markers).toEqual([
      expect.objectContaining({ time: 0, shape: 'arrowUp', text: 'Buy' }),
      expect.objectContaining({ time: 3 * H, shape: 'arrowDown', text: 'Stop' }),
    ]);
  });

  it('draws every bar when there are few', () => {
    const plot = plotData(bars, result);
    expect(plot.barsPerCandle).toBe(1);
    expect(plot.candles).toHaveLength(5);
    expect(plot.markers.map((m) => m.time)).toEqual([H, 3 * H]);
  });
});

describe('htmlReport', () => {
  it('is one self-contained page: chart library inlined, data that cannot close its script', async () => {
    const strategy = strategySchema.parse({
      symbol: 'BTCUSDT',
      interval: '1h',
      entry: {
        op: 'less-than',
        left: { kind: 'indicator', id: 'rsi', params: { period: 14 } },
        right: { kind: 'value', value: 30 },
      },
      exit: {
        op: 'greater-than',
        left: { kind: 'indicator', id: 'rsi', params: { period: 14 } },
        right: { kind: 'value', value: 70 },
      },
    });
    const html = await htmlReport({
      strategy,
      candles: bars,
      result,
      metrics: computeMetrics(result, '1h'),
    });
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=/); // nothing fetched
    expect(html).toContain('LightweightCharts');
    expect(html).toContain('<title>BTCUSDT 1h backtest</title>');
    const json = /<script id="plot" type="application\/json">(.*?)<\/script>/s.exec(html)![1]!;
    expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(plotData(bars, result))));
    expect(html).toMatch(/<td>stop<\/td>/);
    expect(html).toMatch(/max drawdown/);
  });
});
