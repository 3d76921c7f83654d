// `coinview backtest`: a strategy file run with core's engine over a klines CSV or over the bars
// stored in Postgres (the caller downloads what is missing first); returns the printed table and,
// when asked, writes the JSON result and the HTML report. With a sweep file, every combination
// instead (./run-sweep.ts).
import { writeFile } from 'node:fs/promises';
import { runBacktest } from '@coinview/core/backtest/engine';
import { computeMetrics } from '@coinview/core/backtest/metrics';
import type { Strategy } from '@coinview/core/backtest/strategy';
import type { ChartBar } from '@coinview/core/candle';
import { createProgress } from '../history/progress';
import { backtestJson } from './backtest-json';
import { loadCandles } from './db-candles';
import { formatMetrics } from './format-metrics';
import { htmlReport } from './html-report';
import { readCandles } from './read-candles';
import { formatSweep, loadSweep, runSweep, writeSweepOutputs } from './run-sweep';

export type CandleSource =
  | { csvPath: string }
  | { databaseUrl: string; /** ms */ from: number; /** ms, exclusive */ to: number };

export interface RunBacktestFileOptions {
  strategy: Strategy;
  source: CandleSource;
  jsonPath?: string;
  htmlPath?: string;
  /** A sweep file: every combination is run instead of the strategy as written. */
  sweepPath?: string;
  showProgress: boolean;
}

async function candlesOf(strategy: Strategy, source: CandleSource): Promise<ChartBar[]> {
  if ('csvPath' in source) {
    const candles = await readCandles(source.csvPath, strategy);
    if (candles.length === 0) throw new Error(`${source.csvPath}: no bars`);
    return candles;
  }
  const candles = await loadCandles(source.databaseUrl, {
    symbol: strategy.symbol,
    interval: strategy.interval,
    from: source.from,
    to: source.to,
  });
  if (candles.length === 0)
    throw new Error(
      `no ${strategy.symbol} ${strategy.interval} bars stored between ${new Date(source.from).toISOString()} and ${new Date(source.to).toISOString()}`,
    );
  return candles;
}

export async function runBacktestFile(options: RunBacktestFileOptions): Promise<string> {
  const { strategy } = options;
  const candles = await candlesOf(strategy, options.source);
  const first = new Date(candles[0]!.time * 1000).toISOString();
  const last = new Date(candles.at(-1)!.time * 1000).toISOString();
  const head = `${strategy.symbol} ${strategy.interval}: ${candles.length.toLocaleString('en-US')} bars, ${first} – ${last}`;
  if (options.sweepPath) {
    const file = await loadSweep(options.sweepPath, strategy);
    const outcome = runSweep(candles, strategy, file, options.showProgress);
    await writeSweepOutputs(outcome, options);
    return `${head}\n${formatSweep(outcome)}`;
  }
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
  if (options.htmlPath)
    await writeFile(options.htmlPath, await htmlReport({ strategy, candles, result, metrics }));
  return `${head}\n${formatMetrics(result, metrics)}`;
}
