// Test support: a real backtest (RSI 14 below 30 in, above 70 out, 99% of equity, 0.1%
// commission) run by core's runBacktest over the 2,000 recorded BTCUSDT 1m bars of
// packages/core's fixture, with its metrics: the props the result view gets from a stored run.
import { readFileSync } from 'node:fs';
import { runBacktest, type BacktestResult } from '@coinview/core/backtest/engine';
import { computeMetrics, type BacktestMetrics } from '@coinview/core/backtest/metrics';
import type { ChartBar } from '@coinview/core/candle';

const FIXTURE = new URL(
  '../../../../../../packages/core/test/fixtures/btcusdt_1m_2025-10-29_2000.csv',
  import.meta.url,
);

export function recordedBars(): ChartBar[] {
  const [, ...lines] = readFileSync(FIXTURE, 'utf8').trim().split('\n');
  return lines.map((line) => {
    const [t, o, h, l, c, v] = line.split(',').map(Number);
    return { time: t! / 1000, open: o!, high: h!, low: l!, close: c!, volume: v! };
  });
}

const rsi = { kind: 'indicator', id: 'rsi', params: { period: 14 }, output: 'value' } as const;

export function recordedRun(): { result: BacktestResult; metrics: BacktestMetrics } {
  const result = runBacktest(recordedBars(), {
    symbol: 'BTCUSDT',
    interval: '1m',
    entry: { op: 'less-than', left: rsi, right: { kind: 'value', value: 30 } },
    exit: { op: 'greater-than', left: rsi, right: { kind: 'value', value: 70 } },
    sizing: { mode: 'percentOfEquity', percent: 99 },
    commissionPct: 0.1,
  });
  return { result, metrics: computeMetrics(result, '1m') };
}
