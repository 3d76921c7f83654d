// Market data for the chart: closed history page by page (`candles`: Postgres, holes filled from
// the exchange by CandleHistory) and live candle updates from the worker over the event bus
// (`live`, a subscription on the tab's live WebSocket). While a `live` subscription is open its
// market is held in MarketInterest, which is what makes the worker stream it.
import { epochMsSchema } from '@coinview/core/epoch-ms';
import { candleSchema, symbolSchema, type Candle } from '@coinview/core/candle';
import { candlesToColumns } from '@coinview/core/chart-columns';
import { intervalSchema } from '@coinview/core/interval';
import type { EventSubscriber } from '@coinview/core/ports';
import { listCandles } from '@coinview/db/candles';
import { BinanceRestError } from '@coinview/exchange/rest';
import { candleTopic } from '@coinview/db/bus-topics';
import { tracked, TRPCError } from '@trpc/server';
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { z } from 'zod';
import { getBus } from '~/server/db';
import { coalescingBuffer, listenThenCatchUp } from '~/server/live/catch-up';
import { logger } from '~/server/logger';
import type { CandleHistory } from '~/server/market/candle-history';
import { getCandleHistory } from '~/server/market/history';
import type { MarketInterestHolder } from '~/server/market/market-interest';
import { getMarketInterest } from '~/server/market/market-interest-process';
import type { FormingCandles } from '~/server/market/forming-candle';
import type { MarketDataSource } from '~/server/market/data-source';
import {
  getDataSource,
  getFormingCandles,
  getSymbolDirectory,
  getTickerCache,
} from '~/server/market/market-data';
import type { SymbolDirectory } from '~/server/market/symbol-directory';
import type { TickerSnapshotSource } from '~/server/market/ticker-snapshot';
import { createLatestProcedure } from './market-latest';
import { createTickerProcedures } from './market-tickers';
import { getSubscriptionSlots, type SubscriptionSlots } from '../subscription-slots';
import { createTRPCRouter, protectedProcedure } from '../trpc';

/** The most bars one `candles` call returns. */
export const MAX_PAGE = 5000;

/**
 * History pages that need the exchange, per user per minute (stored pages are free): scrolling
 * back through years at a steady pace stays under it, a script paging into the past does not.
 */
export const EXCHANGE_PAGES_PER_MINUTE = 20;

function defaultHistoryLimiter(): RateLimiterAbstract {
  const state = globalThis as unknown as { coinviewHistoryLimiter?: RateLimiterAbstract };
  state.coinviewHistoryLimiter ??= new RateLimiterMemory({
    points: EXCHANGE_PAGES_PER_MINUTE,
    duration: 60,
  });
  return state.coinviewHistoryLimiter;
}

/** Thrown by the per-user limiter; becomes TOO_MANY_REQUESTS. */
class HistoryRateLimitedError extends Error {
  constructor(readonly retryAfterMs: number) {
    super('history rate limit');
  }
}

export const candlesInput = z.object({
  symbol: symbolSchema.default('BTCUSDT'),
  interval: intervalSchema.default('1m'),
  /** Only bars that open strictly before this time (epoch ms): for paging back in history. */
  before: epochMsSchema.optional(),
  limit: z.number().int().min(1).max(MAX_PAGE).default(500),
});

export const liveInput = z.object({
  symbol: symbolSchema.default('BTCUSDT'),
  interval: intervalSchema.default('1m'),
  /**
   * Resume point: the id of the last event the client saw (sent automatically on reconnect), or
   * the open time (epoch ms, as a string) of the newest history bar it holds. Closed bars from
   * that bar on are replayed.
   */
  lastEventId: z.string().max(64).nullish(),
});

/** At most this many closed bars are replayed on resume; a longer gap calls for a history refetch. */
const CATCH_UP_LIMIT = 1000;

/** Event ids start with the bar's open time (ms), which is what a resume needs. */
export function liveEventId(candle: Pick<Candle, 'openTime'>, seq = 0): string {
  return `${candle.openTime}:${seq}`;
}

export function resumeOpenTime(lastEventId: string | null | undefined): number | undefined {
  const match = lastEventId ? /^(\d{1,16})(?::|$)/.exec(lastEventId) : null;
  return match ? Number(match[1]) : undefined;
}

/**
 * Whether `next` moves the client's chart forward from `last`: a later bar, or a newer state of
 * the same bar while it is forming. Late and duplicate events (a forming update after the closed
 * bar, a catch-up row the bus already delivered) are dropped, so the stream never goes back.
 */
export function advancesFrom(last: Candle | undefined, next: Candle): boolean {
  if (!last) return true;
  return next.openTime > last.openTime || (next.openTime === last.openTime && !last.closed);
}

/** A newer state of the forming bar replaces the buffered one: a burst keeps only its latest. */
function supersedes(last: Candle, next: Candle): boolean {
  return last.openTime === next.openTime && !last.closed;
}

export interface MarketRouterDeps {
  /** Where the worker publishes candle updates (the shared PgBus in the app). */
  getBus: () => Promise<EventSubscriber>;
  /** Where pages of closed history come from. */
  getHistory: () => CandleHistory;
  /** Tells the worker which markets charts are watching (this process's MarketInterest). */
  getInterest: () => MarketInterestHolder;
  /** The exchange's symbols (market.symbols; default: this process's cached directory). */
  getSymbols?: () => SymbolDirectory;
  /** Where ticker snapshots come from (market.tickers; default: this process's shared cache). */
  getTickerSource?: () => TickerSnapshotSource;
  /** Live subscriptions per user (default: this process's). */
  getSlots?: () => SubscriptionSlots;
  /** Exchange-fetched history pages per user (default: EXCHANGE_PAGES_PER_MINUTE in memory). */
  historyLimiter?: RateLimiterAbstract;
  /** The forming candles of markets (market.latest; default: this process's shared cache). */
  getFormingCandles?: () => FormingCandles;
  /** Binance or a replay (market.source; default: this process's cached probe). */
  getDataSource?: () => MarketDataSource;
}

export function createMarketRouter(deps: MarketRouterDeps) {
  return createTRPCRouter({
    ...createTickerProcedures({
      getBus: deps.getBus,
      getSymbols: deps.getSymbols ?? getSymbolDirectory,
      getTickerSource: deps.getTickerSource ?? getTickerCache,
      getSlots: deps.getSlots ?? getSubscriptionSlots,
      logger: logger.child({ component: 'market-tickers' }),
    }),
    /** Whether the market data is Binance or exchange-sim's replay of recordings (the badge). */
    source: protectedProcedure.query(() => (deps.getDataSource ?? getDataSource)().describe()),
    ...createLatestProcedure({
      getSymbols: deps.getSymbols ?? getSymbolDirectory,
      getTickerSource: deps.getTickerSource ?? getTickerCache,
      getFormingCandles: deps.getFormingCandles ?? getFormingCandles,
      logger: logger.child({ component: 'market-latest' }),
    }),

    /**
     * The `limit` closed bars before `before` (or the newest), oldest first, with no missing bars,
     * as chart bars (UTC seconds, floats for drawing) packed in columns (see core/chart-columns:
     * serialising 5,000 bar objects costs more than the database query); `hasMore` says whether
     * older bars exist.
     */
    candles: protectedProcedure.input(candlesInput).query(async ({ ctx, input }) => {
      const limiter = deps.historyLimiter ?? defaultHistoryLimiter();
      const userId = ctx.session.user.id;
      const page = await deps
        .getHistory()
        .page(ctx.db, input, async () => {
          await limiter.consume(userId).catch((res: unknown) => {
            if (res instanceof RateLimiterRes) throw new HistoryRateLimitedError(res.msBeforeNext);
            throw res;
          });
        })
        .catch((err: unknown) => {
          if (err instanceof HistoryRateLimitedError)
            throw new TRPCError({
              code: 'TOO_MANY_REQUESTS',
              message: `You are loading history from the exchange faster than one account may. Try again in ${Math.ceil(err.retryAfterMs / 1000)} s.`,
            });
          if (!(err instanceof BinanceRestError)) throw err;
          throw new TRPCError({
            code: 'SERVICE_UNAVAILABLE',
            message:
              'This part of the history is not stored yet and the exchange did not answer. Try again shortly.',
            cause: err,
          });
        });
      return { bars: candlesToColumns(page.candles), hasMore: page.hasMore };
    }),

    /** Candle updates (forming and closed) of one market as they happen, resumable by event id. */
    live: protectedProcedure.input(liveInput).subscription(async function* ({
      ctx,
      input,
      signal,
    }) {
      const slot = (deps.getSlots ?? getSubscriptionSlots)().acquire(ctx.session.user.id);
      // Held for as long as this chart is open, whatever ends it (abort, error, the client leaving).
      const release = deps.getInterest().hold({ symbol: input.symbol, interval: input.interval });
      try {
        const bus = await deps.getBus();
        const from = resumeOpenTime(input.lastEventId);
        let last: Candle | undefined;
        let seq = 0;
        const updates = listenThenCatchUp<Candle, Candle>({
          listen: (push) =>
            bus.subscribe(candleTopic(input.symbol, input.interval), (payload) => {
              const parsed = candleSchema.safeParse(payload);
              if (
                parsed.success &&
                parsed.data.symbol === input.symbol &&
                parsed.data.interval === input.interval
              )
                push(parsed.data);
            }),
          // Closed bars from the client's newest one on (none on a fresh start).
          catchUp: async () =>
            from === undefined
              ? []
              : (await listCandles(ctx.db, { ...input, limit: CATCH_UP_LIMIT })).filter(
                  (candle) => candle.openTime >= from,
                ),
          buffer: coalescingBuffer(supersedes),
          admit: (candle) => {
            if (!advancesFrom(last, candle)) return false;
            last = candle;
            return true;
          },
          signal,
        });
        for await (const candle of updates) yield tracked(liveEventId(candle, ++seq), candle);
      } finally {
        release();
        slot();
      }
    }),
  });
}

export const marketRouter = createMarketRouter({
  getBus,
  getHistory: getCandleHistory,
  getInterest: getMarketInterest,
});
