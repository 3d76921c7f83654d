// market.latest: a market's state right now (the forming candle and the symbol's 24 h ticker), which
// the chart page prefetches with its history so that its first paint is current: without it the
// toolbar showed the last closed bar and its own change ("+0.54%") until the live stream's first
// events arrived about 2 s later (issue 9, item 14). Merged into the market router (market.ts).
import { type Candle, symbolSchema } from '@coinview/core/candle';
import { intervalSchema } from '@coinview/core/interval';
import type { Ticker } from '@coinview/core/ticker';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { FormingCandles } from '~/server/market/forming-candle';
import type { SymbolDirectory } from '~/server/market/symbol-directory';
import { type TickerSnapshotSource, tickerSnapshot } from '~/server/market/ticker-snapshot';
import { protectedProcedure } from '../trpc';

export const latestInput = z.object({ symbol: symbolSchema, interval: intervalSchema });

export interface LatestProcedureDeps {
  getSymbols: () => SymbolDirectory;
  getTickerSource: () => TickerSnapshotSource;
  getFormingCandles: () => FormingCandles;
  logger?: Logger;
}

export interface MarketLatest {
  /** The bar in progress (closed: false), or null when unknown. */
  candle: Candle | null;
  /** The symbol's 24 h ticker, or null when unknown. */
  ticker: Ticker | null;
}

export function createLatestProcedure(deps: LatestProcedureDeps) {
  return {
    /**
     * The forming candle and the 24 h ticker of a listed symbol; nulls for a symbol the exchange
     * does not list (nothing is asked of it then) or a part the exchange did not answer.
     */
    latest: protectedProcedure
      .input(latestInput)
      .query(async ({ input, signal }): Promise<MarketLatest> => {
        const none: MarketLatest = { candle: null, ticker: null };
        const listed = await deps
          .getSymbols()
          .get(input.symbol)
          .catch(() => undefined);
        if (!listed) return none;
        const soft = <T>(what: string, p: Promise<T>): Promise<T | null> =>
          p.catch((err: unknown) => {
            if (!signal?.aborted) deps.logger?.warn({ err, ...input }, `${what} failed`);
            return null;
          });
        const [candle, tickers] = await Promise.all([
          soft('forming candle', deps.getFormingCandles().get(input.symbol, input.interval)),
          soft('ticker snapshot', tickerSnapshot(deps.getTickerSource(), [input.symbol], signal)),
        ]);
        return { candle, ticker: tickers?.[0] ?? null };
      }),
  };
}
