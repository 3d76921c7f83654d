// The signed-in user's watchlist. Every procedure works on ctx.session.user.id's list only; items
// are named by symbol, so naming a symbol only another user watches behaves like naming one nobody
// watches. `add` accepts only symbols the exchange lists as TRADING.
import { symbolSchema } from '@coinview/core/candle';
import {
  addToWatchlist,
  listWatchlist,
  MAX_WATCHLIST_ITEMS,
  moveWatchlistItem,
  removeFromWatchlist,
  reorderWatchlist,
  WatchlistFullError,
} from '@coinview/db/watchlist';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { getSymbolDirectory } from '~/server/market/market-data';
import type { SymbolDirectory } from '~/server/market/symbol-directory';
import { createTRPCRouter, protectedProcedure } from '../trpc';
import { unavailable } from './market-tickers';

// Symbols typed by hand arrive in any case ("btcusdt"); the exchange's are upper case.
const watchSymbol = z.string().trim().toUpperCase().pipe(symbolSchema);
const bySymbol = z.object({ symbol: watchSymbol });

export const watchlistInputs = {
  add: bySymbol,
  remove: bySymbol,
  move: z.object({ symbol: watchSymbol, to: z.number().int().min(0).max(MAX_WATCHLIST_ITEMS) }),
  reorder: z.object({ symbols: z.array(watchSymbol).max(MAX_WATCHLIST_ITEMS) }),
};

export interface WatchlistRouterDeps {
  getSymbols: () => SymbolDirectory;
}

export function createWatchlistRouter(deps: WatchlistRouterDeps) {
  return createTRPCRouter({
    /** The user's symbols in order: [{ id, symbol, position, createdAt }]. */
    list: protectedProcedure.query(({ ctx }) => listWatchlist(ctx.db, ctx.session.user.id)),

    /** Appends a listed symbol (no change if already there); returns the list. */
    add: protectedProcedure.input(watchlistInputs.add).mutation(async ({ ctx, input }) => {
      const listed = await deps
        .getSymbols()
        .get(input.symbol)
        .catch((err: unknown) => {
          throw unavailable(err);
        });
      if (!listed)
        throw new TRPCError({
          code: 'BAD_REQUEST',
          message: `${input.symbol} is not traded on the exchange.`,
        });
      try {
        return await addToWatchlist(ctx.db, ctx.session.user.id, input.symbol);
      } catch (err) {
        if (err instanceof WatchlistFullError)
          throw new TRPCError({ code: 'BAD_REQUEST', message: err.message, cause: err });
        throw err;
      }
    }),

    /** Removes a symbol; NOT_FOUND when it is not in the user's list. Returns the list. */
    remove: protectedProcedure.input(watchlistInputs.remove).mutation(async ({ ctx, input }) => {
      const removed = await removeFromWatchlist(ctx.db, ctx.session.user.id, input.symbol);
      if (!removed)
        throw new TRPCError({
          code: 'NOT_FOUND',
          message: `${input.symbol} is not in your watchlist.`,
        });
      return listWatchlist(ctx.db, ctx.session.user.id);
    }),

    /** Moves one symbol to index `to`; NOT_FOUND when it is not in the user's list. */
    move: protectedProcedure.input(watchlistInputs.move).mutation(async ({ ctx, input }) => {
      const list = await moveWatchlistItem(ctx.db, ctx.session.user.id, input.symbol, input.to);
      if (!list)
        throw new TRPCError({
          code: 'NOT_FOUND',
          message: `${input.symbol} is not in your watchlist.`,
        });
      return list;
    }),

    /**
     * Puts the list in the order given (a drag and drop's result); symbols not in the list are
     * ignored and listed ones left out keep their order at the end. Returns the list.
     */
    reorder: protectedProcedure
      .input(watchlistInputs.reorder)
      .mutation(({ ctx, input }) => reorderWatchlist(ctx.db, ctx.session.user.id, input.symbols)),
  });
}

export const watchlistRouter = createWatchlistRouter({ getSymbols: getSymbolDirectory });
