// Where the market feed keeps closed candles: the candles table, through @coinview/db's idempotent
// upsert, plus the one query the feed needs at start (the newest stored bar per market).
import type { Candle } from '@coinview/core/candle';
import type { Interval } from '@coinview/core/interval';
import type { Db } from '@coinview/db/client';
import { lastCandleOpenTime, upsertCandles } from '@coinview/db/candles';

export interface CandleStore {
  /** Open time (ms) of the newest stored candle of the market, undefined when there is none. */
  lastOpenTime(symbol: string, interval: Interval): Promise<number | undefined>;
  /** Inserts or updates closed candles; returns rows inserted or changed. */
  upsert(candles: readonly Candle[]): Promise<number>;
}

export class PgCandleStore implements CandleStore {
  constructor(private readonly db: Db) {}

  lastOpenTime(symbol: string, interval: Interval): Promise<number | undefined> {
    return lastCandleOpenTime(this.db, symbol, interval);
  }

  upsert(candles: readonly Candle[]): Promise<number> {
    return upsertCandles(this.db, candles);
  }
}
