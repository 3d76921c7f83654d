// The web process's one exchange REST client (chart history, symbols, ticker snapshots: Binance
// counts request weight per IP, so one client keeps one budget), the SymbolDirectory (the
// hour-long exchangeInfo cache) and the TickerCache (shared, batched ticker snapshots). Kept on
// globalThis so dev-mode reloads keep them.
//
// The client spends at most WEB_EXCHANGE_WEIGHT_SHARE of the IP's weight per minute, read from the
// exchange's own count (which includes the worker's requests), and past it answers at once with
// BinanceBudgetSpentError ("try again shortly") instead of queueing: the worker, on the same
// address, always keeps the rest for the live feed and its backfills.
import { BinanceRestClient } from '@coinview/exchange/rest';
import { env } from '~/env';
import { logger } from '~/server/logger';
import { MarketDataSource } from './data-source';
import { FormingCandles } from './forming-candle';
import { SymbolDirectory } from './symbol-directory';
import { TickerCache } from './ticker-cache';

const state = globalThis as unknown as {
  coinviewMarketRest?: BinanceRestClient;
  coinviewSymbolDirectory?: SymbolDirectory;
  coinviewTickerCache?: TickerCache;
  coinviewFormingCandles?: FormingCandles;
  coinviewDataSource?: MarketDataSource;
};

export function getMarketRest(): BinanceRestClient {
  state.coinviewMarketRest ??= new BinanceRestClient({
    baseUrl: env.BINANCE_REST_URL,
    logger: logger.child({ component: 'market-rest' }),
    // Someone is waiting on a page: give up sooner than a batch download would (the chart then
    // serves what the database has).
    maxAttempts: 3,
    timeoutMs: 5_000,
    weightShare: env.WEB_EXCHANGE_WEIGHT_SHARE,
    whenBudgetSpent: 'fail',
  });
  return state.coinviewMarketRest;
}

export function getSymbolDirectory(): SymbolDirectory {
  state.coinviewSymbolDirectory ??= new SymbolDirectory({
    exchange: getMarketRest(),
    logger: logger.child({ component: 'symbol-directory' }),
  });
  return state.coinviewSymbolDirectory;
}

export function getTickerCache(): TickerCache {
  state.coinviewTickerCache ??= new TickerCache({
    upstream: {
      fetch: (symbols) =>
        symbols ? getMarketRest().ticker24h(symbols) : getMarketRest().ticker24h(),
    },
  });
  return state.coinviewTickerCache;
}

export function getFormingCandles(): FormingCandles {
  state.coinviewFormingCandles ??= new FormingCandles({ source: getMarketRest() });
  return state.coinviewFormingCandles;
}

/** Binance or exchange-sim's replay (the chart's "Live" / "Replay" badge). */
export function getDataSource(): MarketDataSource {
  state.coinviewDataSource ??= new MarketDataSource({ restUrl: env.BINANCE_REST_URL });
  return state.coinviewDataSource;
}
