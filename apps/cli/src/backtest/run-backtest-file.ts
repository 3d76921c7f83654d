// `coinview backtest`: a strategy file run over a klines CSV with core's engine; returns the
// printed table and, when asked, writes the JSON result.
import { writeFile } from 'node:fs/promises';
import { runBacktest } from '@coinview/core/backtest/engine';
import { computeMetrics } from '@coinview/core/backtest/metrics';
import { createProgress } from '../history/progress';
import { backtestJson } from './backtest-json';
import { formatMetrics } from './format-metrics';
import { loadStrategy } from './load-strategy';
import { readCandles } from './read-candles';

export interface RunBacktestFileOptions {
  strategyPath: string;
  csvPath: string;
  jsonPath?: string;
  showProgress: boolean;
}

export async function runBacktestFile(options: RunBacktestFileOptions): Promise<string> {
  const strategy = await loadStrategy(options.strategyPath);
  const candles = await readCandles(options.csvPath, strategy);
  if (candles.length === 0) throw new Error(`${options.csvPath}: no bars`);
  const progress = createProgress('backtest', options.showProgress);
  let result;
  try {
    result = runBacktest(candles, strategy, {
      onProgress: (done, total) => progress.update(done, total),
    });
  } finally {
    progress.stop();
  }
  const metrics = computeMetrics(result, strategy.interval);
  if (options.jsonPath) {
    const json = backtestJson(strategy, result, metrics);
    await writeFile(options.jsonPath, `${JSON.stringify(json, null, 2)}\n`);
  }
  const first = new Date(candles[0]!.time * 1000).toISOString();
  const last = new Date(candles.at(-1)!.time * 1000).toISOString();
  const head = `${strategy.symbol} ${strategy.interval}: ${candles.length.toLocaleString('en-US')} bars, ${first} – ${last}`;
  return `${head}\n${formatMetrics(result, metrics)}`;
}
