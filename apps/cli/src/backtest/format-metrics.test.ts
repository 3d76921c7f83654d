import type { BacktestResult } from '@coinview/core/backtest/engine';
import { computeMetrics } from '@coinview/core/backtest/metrics';
import { describe, expect, it } from 'vitest';
import { backtestJson } from './backtest-json';
import { formatMetrics } from './format-metrics';

// Two bars, no trade: equity flat at 10,000; buy-and-hold 10,000 → 12,345.678 (+23.45678%).
const flat: BacktestResult = {
  trades: [],
  open: null,
  times: [0, 86_400_000],
  equity: [10_000, 10_000],
  drawdown: [0, 0],
  inPosition: [0, 0],
  buyAndHold: [10_000, 12_345.678],
  signals: { entry: [], exit: [] },
  initialCapital: 10_000,
  finalEquity: 10_000,
  commissionPaid: 0,
};

describe('formatMetrics', () => {
  it('prints "—" for metrics without a value and formats numbers for people', () => {
    const table = formatMetrics(flat, computeMetrics(flat, '1d'));
    expect(table).toMatch(/^win rate +—$/m);
    expect(table).toMatch(/^profit factor +—$/m);
    expect(table).toMatch(/^Sharpe +—$/m);
    expect(table).toMatch(/^Calmar +—$/m);
    expect(table).toMatch(/^avg bars in trade +—$/m);
    expect(table).toMatch(/^net profit +0\.00$/m);
    expect(table).toMatch(/^max drawdown +0\.00%$/m);
    expect(table).toMatch(/^trades +0$/m);
    expect(table).toMatch(/^buy-and-hold return +23\.46%$/m);
    expect(table).toMatch(/^final equity +10,000\.00$/m);
  });
});

describe('backtestJson', () => {
  it('writes the equity curve as [time, equity] pairs and nulls, not NaN', () => {
    const json = backtestJson(
      { symbol: 'BTCUSDT', interval: '1d' } as never,
      flat,
      computeMetrics(flat, '1d'),
    );
    expect(json.equity).toEqual([
      [0, 10_000],
      [86_400_000, 10_000],
    ]);
    expect(json.metrics.buyAndHoldReturn).toBeCloseTo(0.2345678, 12);
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });
});
