// The web process's one exchange REST client (chart history, symbols, ticker snapshots: Binance
// counts request weight per IP, so one client keeps one budget) and the SymbolDirectory (the
// hour-long exchangeInfo cache). Kept on globalThis so dev-mode reloads keep both.
import { BinanceRestClient } from '@coinview/exchange/rest';
import { env } from '~/env';
import { logger } from '~/server/logger';
import { FormingCandles } from './forming-candle';
import { SymbolDirectory } from './symbol-directory';

const state = globalThis as unknown as {
  coinviewMarketRest?: BinanceRestClient;
  coinviewSymbolDirectory?: SymbolDirectory;
  coinviewFormingCandles?: FormingCandles;
};

export function getMarketRest(): BinanceRestClient {
  state.coinviewMarketRest ??= new BinanceRestClient({
    baseUrl: env.BINANCE_REST_URL,
    logger: logger.child({ component: 'market-rest' }),
    // Someone is waiting on a page: give up sooner than a batch download would (the chart then
    // serves what the database has).
    maxAttempts: 3,
    timeoutMs: 5_000,
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

export function getFormingCandles(): FormingCandles {
  state.coinviewFormingCandles ??= new FormingCandles({ source: getMarketRest() });
  return state.coinviewFormingCandles;
}
