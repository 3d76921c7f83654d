// The bars a run needs: download what Postgres lacks, then load [from, to] in pages as columns.
import type { ChartBar } from '@coinview/core/candle';
import type { BacktestJobRun } from '@coinview/db/backtest-jobs';
import { chartBarsPage } from '@coinview/db/candle-range';
import type { Db } from '@coinview/db/client';
import type { BinanceRestClient } from '@coinview/exchange/rest';
import type { CandleStore } from '../../adapters/candle-store';
import { type BarColumns, toBarColumns } from './bar-columns';
import { downloadMissingHistory } from './history-download';

/** Bars loaded per query. */
const LOAD_PAGE = 50_000;

/** A run that cannot run on its inputs: the message is for the user, a retry would not help. */
export class BacktestInputError extends Error {}

export interface HistoryDeps {
  db: Db;
  store: CandleStore;
  rest: Pick<BinanceRestClient, 'klines'>;
}

export async function downloadRunHistory(
  deps: HistoryDeps,
  run: BacktestJobRun,
  signal: AbortSignal,
  onPage: (done: number, total: number) => Promise<void>,
): Promise<void> {
  await downloadMissingHistory({
    db: deps.db,
    store: deps.store,
    rest: deps.rest,
    symbol: run.symbol,
    interval: run.interval,
    from: run.from,
    to: run.to,
    signal,
    onPage,
  });
}

/** The run's stored bars as columns; BacktestInputError when there are none. */
export async function loadRunColumns(
  db: Db,
  run: BacktestJobRun,
  signal?: AbortSignal,
): Promise<BarColumns> {
  const bars: ChartBar[] = [];
  let after = run.from - 1;
  for (;;) {
    signal?.throwIfAborted();
    const page = await chartBarsPage(db, {
      symbol: run.symbol,
      interval: run.interval,
      after,
      to: run.to,
      limit: LOAD_PAGE,
    });
    for (const bar of page) bars.push(bar);
    if (page.length < LOAD_PAGE) break;
    after = page[page.length - 1]!.time * 1000;
  }
  if (bars.length === 0)
    throw new BacktestInputError(
      `No ${run.symbol} ${run.interval} history between ${new Date(run.from).toISOString()} and ${new Date(run.to).toISOString()}.`,
    );
  return toBarColumns(bars);
}
