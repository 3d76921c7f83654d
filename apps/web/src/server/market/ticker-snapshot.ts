// The 24 h tickers of a few symbols right now, from REST ticker/24hr: what a watchlist shows before
// the first live update arrives from the worker.
import { changePercent, type Ticker } from '@coinview/core/ticker';
import type { Ticker24h } from '@coinview/exchange/rest';

export interface TickerSnapshotSource {
  ticker24h(symbols: readonly string[], options?: { signal?: AbortSignal }): Promise<Ticker24h[]>;
}

export function restTickerToTicker(t: Ticker24h): Ticker {
  return {
    symbol: t.symbol,
    last: t.lastPrice,
    open: t.openPrice,
    high: t.highPrice,
    low: t.lowPrice,
    quoteVolume: t.quoteVolume,
    changePercent: changePercent(t.lastPrice, t.openPrice),
    eventTime: t.closeTime,
  };
}

/** Tickers of `symbols` (all must be listed: Binance refuses the whole request otherwise). */
export async function tickerSnapshot(
  source: TickerSnapshotSource,
  symbols: readonly string[],
  signal?: AbortSignal,
): Promise<Ticker[]> {
  if (symbols.length === 0) return [];
  const rows = await source.ticker24h(symbols, { signal });
  return rows.map(restTickerToTicker);
}
