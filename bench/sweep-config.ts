// The sweep both sweep benchmarks run (bench/sweep.ts on one core, bench/sweep-workers.ts across
// worker processes): entry RSI period 7…28 × entry level 20…35 step 3 × exit level 65…80 step 3 =
// 792 combinations; buy when RSI(period) < entry level, sell when RSI(period) > exit level (the
// exit's period follows the entry's: `also`).
import type { StrategyInput } from '@coinview/core/backtest/strategy';

export const RSI_LEVELS: StrategyInput = {
  symbol: 'BTCUSDT',
  interval: '1m',
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
  sizing: { mode: 'percentOfEquity', percent: 99 },
  commissionPct: 0.1,
  initialCapital: 10_000,
};

export const RSI_SWEEP = {
  parameters: [
    {
      path: 'entry.left.params.period',
      also: ['exit.left.params.period'],
      from: 7,
      to: 28,
      step: 1,
    },
    { path: 'entry.right.value', from: 20, to: 35, step: 3 },
    { path: 'exit.right.value', from: 65, to: 80, step: 3 },
  ],
  metric: 'sharpe',
};
