// What `coinview backtest --json` writes: the validated strategy, the trades, the open position,
// the final equity and the metrics, with the equity curve as [time ms, equity] pairs — enough to
// chart or compare runs without rerunning them.
import type { BacktestResult, Trade } from '@coinview/core/backtest/engine';
import type { BacktestMetrics } from '@coinview/core/backtest/metrics';
import type { Strategy } from '@coinview/core/backtest/strategy';
import { buyAndHoldReturn } from './format-metrics';

export interface BacktestJson {
  strategy: Strategy;
  bars: number;
  initialCapital: number;
  finalEquity: number;
  trades: Trade[];
  open: Trade | null;
  metrics: BacktestMetrics & { buyAndHoldReturn: number | null };
  equity: [number, number][];
}

export function backtestJson(
  strategy: Strategy,
  result: BacktestResult,
  metrics: BacktestMetrics,
): BacktestJson {
  return {
    strategy,
    bars: result.times.length,
    initialCapital: result.initialCapital,
    finalEquity: result.finalEquity,
    trades: result.trades,
    open: result.open,
    metrics: { ...metrics, buyAndHoldReturn: buyAndHoldReturn(result) },
    equity: result.times.map((t, i) => [t, result.equity[i]!]),
  };
}
