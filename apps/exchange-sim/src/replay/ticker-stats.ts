// 24-hour rolling statistics of a symbol (the `ticker/24hr` endpoint and the miniTicker streams):
// the 1m bars of the last 24 hours up to the forming one as it stands now, plus what only the trade
// tape knows (the last trade's quantity).
import { barOpenTime } from '@coinview/core/interval';
import type { MarketReplay } from './market-replay';
import type { BarTotals } from './recording-index';
import { tradesUntil } from './trade-tape';

export const DAY_MS = 86_400_000;
const MIN = 60_000;

export interface TickerStats {
  symbol: string;
  /** now - 24 h and now, as Binance reports them. */
  openTime: number;
  closeTime: number;
  totals: BarTotals;
  prevClose: bigint;
  lastQty: bigint;
  firstTradeId: number;
  lastTradeId: number;
}

export function tickerStats(replay: MarketReplay, symbol: string, now: number): TickerStats {
  const current = barOpenTime(now, '1m');
  const from = current - (DAY_MS / MIN - 1) * MIN;
  const { totals, firstTradeId, lastTradeId } = replay.span(symbol, from, now);
  const prevClose = replay.span(symbol, from - MIN, now, from).totals.close;
  const { tape } = replay.tape(symbol, current);
  const printed = tradesUntil(tape, now - current);
  // Before the current minute's first trade the last trade is the previous minute's last.
  const lastTape = printed > 0 ? tape : replay.tape(symbol, current - MIN).tape;
  const lastQty = BigInt(lastTape.quantities[(printed > 0 ? printed : lastTape.count) - 1] ?? 0);
  return {
    symbol,
    openTime: now - DAY_MS,
    closeTime: now,
    totals,
    prevClose,
    lastQty,
    firstTradeId,
    lastTradeId,
  };
}
