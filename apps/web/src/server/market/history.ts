// The web server's one CandleHistory: the exchange REST client at BINANCE_REST_URL (exchange-sim
// by default) behind it. Kept on globalThis so dev-mode reloads keep its memory of exchange gaps
// and share its weight budget.
import { BinanceRestClient } from '@coinview/exchange/rest';
import { env } from '~/env';
import { logger } from '~/server/logger';
import { CandleHistory } from './candle-history';

const state = globalThis as unknown as { coinviewCandleHistory?: CandleHistory };

export function getCandleHistory(): CandleHistory {
  if (state.coinviewCandleHistory) return state.coinviewCandleHistory;
  const log = logger.child({ component: 'candle-history' });
  const exchange = new BinanceRestClient({
    baseUrl: env.BINANCE_REST_URL,
    logger: log,
    // A chart is waiting: give up sooner than a batch download would, then serve the database.
    maxAttempts: 3,
    timeoutMs: 5_000,
  });
  state.coinviewCandleHistory = new CandleHistory({ exchange, logger: log });
  return state.coinviewCandleHistory;
}
