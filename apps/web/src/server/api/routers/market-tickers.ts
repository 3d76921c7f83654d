// market.symbols and market.tickers: the exchange's tradable symbols (for symbol search and price
// precision) and live 24 h tickers for a watchlist. Merged into the market router (market.ts).
//
// `tickers` listens on the bus topic `tickers` (published by the worker's TickerFeed, at most once
// a second) before it asks REST ticker/24hr for the snapshot, so nothing falls between the two;
// each event is a batch `{ tickers }` of the symbols that moved, never older than what was sent.
import { symbolSchema } from '@coinview/core/candle';
import type { EventSubscriber } from '@coinview/core/ports';
import { decodeTickerBatch, type Ticker } from '@coinview/core/ticker';
import { TICKERS_TOPIC } from '@coinview/db/bus-topics';
import { TRPCError } from '@trpc/server';
import type { Logger } from 'pino';
import { z } from 'zod';
import { latestPerKeyBuffer, listenThenCatchUp } from '~/server/live/catch-up';
import type { SymbolDirectory } from '~/server/market/symbol-directory';
import { type TickerSnapshotSource, tickerSnapshot } from '~/server/market/ticker-snapshot';
import { getSubscriptionSlots, type SubscriptionSlots } from '../subscription-slots';
import { protectedProcedure } from '../trpc';

/** The most symbols one `tickers` subscription follows. */
export const MAX_TICKER_SYMBOLS = 50;

export const tickersInput = z.object({
  symbols: z
    .array(symbolSchema)
    .max(MAX_TICKER_SYMBOLS)
    .transform((list) => [...new Set(list)]),
});

export interface TickerProcedureDeps {
  getBus: () => Promise<EventSubscriber>;
  getSymbols: () => SymbolDirectory;
  getTickerSource: () => TickerSnapshotSource;
  /** Live subscriptions per user (default: this process's). */
  getSlots?: () => SubscriptionSlots;
  logger?: Logger;
}

export function unavailable(cause: unknown): TRPCError {
  return new TRPCError({
    code: 'SERVICE_UNAVAILABLE',
    message: 'The exchange did not answer with its symbols. Try again shortly.',
    cause,
  });
}

export function createTickerProcedures(deps: TickerProcedureDeps) {
  return {
    /**
     * Every TRADING symbol of the exchange: { symbol, baseAsset, quoteAsset, pricePrecision,
     * quantityPrecision, tickSize }, sorted by symbol. Cached in this process for an hour.
     */
    symbols: protectedProcedure.query(async () => {
      try {
        return await deps.getSymbols().list();
      } catch (err) {
        throw unavailable(err);
      }
    }),

    /**
     * Live 24 h tickers of up to 50 symbols: first a snapshot (REST), then the worker's updates.
     * Each event is `{ tickers: Ticker[] }`; symbols the exchange does not list are ignored.
     */
    tickers: protectedProcedure.input(tickersInput).subscription(async function* ({
      ctx,
      input,
      signal,
    }) {
      const wanted = new Set(input.symbols);
      if (wanted.size === 0) return;
      const slot = (deps.getSlots ?? getSubscriptionSlots)().acquire(ctx.session.user.id);
      const sent = new Map<string, number>();
      const fresh = (tickers: Ticker[]) =>
        tickers.filter((t) => {
          if ((sent.get(t.symbol) ?? -1) >= t.eventTime) return false;
          sent.set(t.symbol, t.eventTime);
          return true;
        });
      try {
        const bus = await deps.getBus();
        const batches = listenThenCatchUp<Ticker, Ticker[]>({
          listen: (push) =>
            bus.subscribe(TICKERS_TOPIC, (payload) => {
              for (const ticker of decodeTickerBatch(payload) ?? [])
                if (wanted.has(ticker.symbol)) push(ticker);
            }),
          catchUp: async () => {
            try {
              const directory = deps.getSymbols();
              const listed: string[] = [];
              for (const symbol of wanted) if (await directory.get(symbol)) listed.push(symbol);
              return [await tickerSnapshot(deps.getTickerSource(), listed, signal)];
            } catch (err) {
              // Live updates still come; the watchlist shows dashes until they do.
              if (!signal?.aborted) deps.logger?.warn({ err }, 'ticker snapshot failed');
              return [];
            }
          },
          // Of a symbol that moved twice since the last pull, only the newer state goes out.
          buffer: latestPerKeyBuffer(
            (ticker) => ticker.symbol,
            (next, queued) => next.eventTime > queued.eventTime,
          ),
          signal,
        });
        for await (const batch of batches) {
          const tickers = fresh(batch);
          if (tickers.length > 0) yield { tickers };
        }
      } finally {
        slot();
      }
    }),
  };
}
