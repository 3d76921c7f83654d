// The bars a `coinview backtest --symbol` run reads from Postgres: one market's closed candles in
// [from, to), oldest first, read a page at a time with the worker's backtest reader
// (@coinview/db/candle-range: prices as float8, the double a backtest computes with).
import type { ChartBar } from '@coinview/core/candle';
import type { Interval } from '@coinview/core/interval';
import { chartBarsPage } from '@coinview/db/candle-range';
import { createDb } from '@coinview/db/client';

const PAGE = 100_000;

export interface CandleRange {
  symbol: string;
  interval: Interval;
  /** ms, first bar's open time at or after. */
  from: number;
  /** ms, exclusive. */
  to: number;
}

export async function loadCandles(databaseUrl: string, range: CandleRange): Promise<ChartBar[]> {
  const db = createDb(databaseUrl, { maxConnections: 1 });
  try {
    const bars: ChartBar[] = [];
    let after = range.from - 1;
    for (;;) {
      const page = await chartBarsPage(db, {
        symbol: range.symbol,
        interval: range.interval,
        after,
        to: range.to - 1,
        limit: PAGE,
      });
      for (const bar of page) bars.push(bar);
      if (page.length < PAGE) return bars;
      after = page.at(-1)!.time * 1000;
    }
  } finally {
    await db.$disconnect();
  }
}
