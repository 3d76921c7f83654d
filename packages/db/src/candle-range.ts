// Stored candles of one market over a range, as a backtest reads them: the open times present
// (to find what must be downloaded first) and the bars themselves as floats (ChartBar), a page at
// a time so a year of 1m bars is never one giant query result. Times are epoch milliseconds in,
// ChartBar's seconds out; the range is [from, to], both inclusive on the open time.
import type { ChartBar } from '@coinview/core/candle';
import type { Interval } from '@coinview/core/interval';
import type { Db } from './client';

const at = (ms: number) => String(Math.trunc(ms));

/** Open times (ms) of the stored bars in [from, to], oldest first. */
export async function storedOpenTimes(
  db: Db,
  symbol: string,
  interval: Interval,
  from: number,
  to: number,
): Promise<number[]> {
  const rows = await db.$queryRaw<{ t: string }[]>`
    SELECT (extract(epoch FROM "openTime") * 1000)::bigint::text AS t FROM "Candle"
    WHERE "symbol" = ${symbol} AND "interval" = ${interval}
      AND "openTime" >= 'epoch'::timestamptz + ${at(from)}::bigint * interval '1 millisecond'
      AND "openTime" <= 'epoch'::timestamptz + ${at(to)}::bigint * interval '1 millisecond'
    ORDER BY "openTime"`;
  return rows.map((r) => Number(r.t));
}

/** Up to `limit` stored bars with open time in (after, to] (after: exclusive, ms), oldest first. */
export async function chartBarsPage(
  db: Db,
  q: { symbol: string; interval: Interval; after: number; to: number; limit: number },
): Promise<ChartBar[]> {
  const rows = await db.$queryRaw<
    { t: string; o: number; h: number; l: number; c: number; v: number }[]
  >`
    SELECT (extract(epoch FROM "openTime"))::bigint::text AS t, "open"::float8 AS o,
           "high"::float8 AS h, "low"::float8 AS l, "close"::float8 AS c, "volume"::float8 AS v
    FROM "Candle"
    WHERE "symbol" = ${q.symbol} AND "interval" = ${q.interval}
      AND "openTime" > 'epoch'::timestamptz + ${at(q.after)}::bigint * interval '1 millisecond'
      AND "openTime" <= 'epoch'::timestamptz + ${at(q.to)}::bigint * interval '1 millisecond'
    ORDER BY "openTime"
    LIMIT ${Math.max(1, Math.floor(q.limit))}`;
  return rows.map((r) => ({
    time: Number(r.t),
    open: r.o,
    high: r.h,
    low: r.l,
    close: r.c,
    volume: r.v,
  }));
}
