// Stored closed candles as the rule engine reads them back: warm-up, catch-up and gaps.
import type { Candle } from '@coinview/core/candle';
import type { Interval } from '@coinview/core/interval';
import { listCandles } from '@coinview/db/candles';
import type { Db } from '@coinview/db/client';
import { PgCandleStore } from '../../adapters/candle-store';
import type { CandleHistory } from './market-book';

export class PgCandleHistory implements CandleHistory {
  private readonly store: PgCandleStore;

  constructor(private readonly db: Db) {
    this.store = new PgCandleStore(db);
  }

  recent(symbol: string, interval: Interval, limit: number, before?: number): Promise<Candle[]> {
    return listCandles(this.db, { symbol, interval, limit, before });
  }

  lastOpenTime(symbol: string, interval: Interval): Promise<number | undefined> {
    return this.store.lastOpenTime(symbol, interval);
  }
}
