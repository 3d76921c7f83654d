// The bars a `coinview backtest --symbol` run reads from Postgres: one market's closed candles in
// [from, to), oldest first, in pages by open time so a year of 1m bars never sits twice in memory
// as both rows and bars. Prices leave Postgres as float8: a backtest computes in float64, and the
// text → Number path of the chart gives the same double for the numeric(…) values stored.
import type { ChartBar } from '@coinview/core/candle';
import type { Interval } from '@coinview/core/interval';
import pg from 'pg';

const PAGE = 100_000;

export interface CandleRange {
  symbol: string;
  interval: Interval;
  /** ms, first bar's open time at or after. */
  from: number;
  /** ms, exclusive. */
  to: number;
}

export async function loadCandles(
  databaseUrl: string,
  range: CandleRange,
  onPage?: (loaded: number) => void,
): Promise<ChartBar[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const bars: ChartBar[] = [];
    let after = range.from - 1;
    for (;;) {
      const { rows } = await client.query<{
        t: string;
        o: number;
        h: number;
        l: number;
        c: number;
        v: number;
      }>(
        `SELECT (extract(epoch FROM "openTime") * 1000)::bigint::text AS t,
                "open"::float8 AS o, "high"::float8 AS h, "low"::float8 AS l,
                "close"::float8 AS c, "volume"::float8 AS v
         FROM "Candle"
         WHERE "symbol" = $1 AND "interval" = $2
           AND "openTime" > 'epoch'::timestamptz + $3::bigint * interval '1 millisecond'
           AND "openTime" < 'epoch'::timestamptz + $4::bigint * interval '1 millisecond'
         ORDER BY "openTime" LIMIT ${PAGE}`,
        [range.symbol, range.interval, String(after), String(range.to)],
      );
      for (const r of rows)
        bars.push({
          time: Number(r.t) / 1000,
          open: r.o,
          high: r.h,
          low: r.l,
          close: r.c,
          volume: r.v,
        });
      onPage?.(bars.length);
      if (rows.length < PAGE) return bars;
      after = Number(rows.at(-1)!.t);
    }
  } finally {
    await client.end();
  }
}
