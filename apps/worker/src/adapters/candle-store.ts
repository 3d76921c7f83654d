// Where the market feed keeps closed candles: the candles table, through @coinview/db's idempotent
// upsert, plus the one query the feed needs at start (the newest stored bar per market).
import type { Candle } from '@coinview/core/candle';
import type { Interval } from '@coinview/core/interval';
import type { Db } from '@coinview/db/client';
import { upsertCandles } from '@coinview/db/candles';

export interface CandleStore {
  /** Open time (ms) of the newest stored candle of the market, undefined when there is none. */
  lastOpenTime(symbol: string, interval: Interval): Promise<number | undefined>;
  /** Inserts or updates closed candles; returns rows inserted or changed. */
  upsert(candles: readonly Candle[]): Promise<number>;
}

export class PgCandleStore implements CandleStore {
  constructor(private readonly db: Db) {}

  async lastOpenTime(symbol: string, interval: Interval): Promise<number | undefined> {
    const rows = await this.db.$queryRaw<{ open_time: string | null }[]>`
      SELECT (extract(epoch FROM max("openTime")) * 1000)::bigint::text AS open_time
      FROM "Candle" WHERE "symbol" = ${symbol} AND "interval" = ${interval}`;
    const value = rows[0]?.open_time;
    return value === null || value === undefined ? undefined : Number(value);
  }

  upsert(candles: readonly Candle[]): Promise<number> {
    return upsertCandles(this.db, candles);
  }
}
