// The web server's one CandleHistory, over the process's one exchange REST client (market-data.ts:
// one weight budget for everything this process asks the exchange). Kept on globalThis so dev-mode
// reloads keep its memory of exchange gaps.
import { logger } from '~/server/logger';
import { CandleHistory } from './candle-history';
import { getMarketRest } from './market-data';

const state = globalThis as unknown as { coinviewCandleHistory?: CandleHistory };

export function getCandleHistory(): CandleHistory {
  state.coinviewCandleHistory ??= new CandleHistory({
    exchange: getMarketRest(),
    logger: logger.child({ component: 'candle-history' }),
  });
  return state.coinviewCandleHistory;
}
