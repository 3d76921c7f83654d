// Closed candles for the chart, page by page back in time, with no missing bars: the database
// answers what it holds; where it has a hole, the exchange's REST klines fill it (and the result is
// stored, so the next request for the same bars is answered by the database alone).
//
// A page is walked from its newest bar back. Every expected open time (core's interval arithmetic)
// is either a database row, a bar the exchange is known not to have (exchange-gaps.ts), or a hole;
// at a hole one exchange request fetches the newest bars at or before it, which skips the
// exchange's own gaps by construction. The walk stops at `limit` bars, at the configured earliest
// time (the sim loops its recording backwards forever), or where the exchange has nothing older.
import type { Candle } from '@coinview/core/candle';
import { type Interval, barOpenTime, nextBarOpen } from '@coinview/core/interval';
import { listCandles, upsertCandles } from '@coinview/db/candles';
import type { Db } from '@coinview/db/client';
import type { BinanceRestClient } from '@coinview/exchange/rest';
import type { Logger } from 'pino';
import { ExchangeGaps } from './exchange-gaps';

/** Binance's maximum bars per klines request. */
const EXCHANGE_PAGE = 1000;

/** Binance opened on 14 July 2017: no spot market has klines before it. */
export const BINANCE_LAUNCH = Date.UTC(2017, 6, 14);

export interface CandlePageQuery {
  symbol: string;
  interval: Interval;
  /** Only bars opening strictly before this time (epoch ms); default: up to the newest closed bar. */
  before?: number;
  limit: number;
}

/** Lets a page ask the exchange (throws to refuse, e.g. the user's rate limit); stored pages never ask. */
export type BeforeExchangeFetch = () => Promise<void>;

export interface CandlePage {
  /** Oldest first, closed, consecutive except where the exchange itself has no bars. */
  candles: Candle[];
  /** Whether older bars exist (false at the exchange's first bar or the configured earliest). */
  hasMore: boolean;
  /** Bars that had to come from the exchange for this page (0 = answered by the database). */
  fetched: number;
}

export interface CandleHistoryOptions {
  exchange: Pick<BinanceRestClient, 'klines'>;
  logger?: Pick<Logger, 'info' | 'warn'>;
  /** No history is served before this time (epoch ms). Default: Binance's launch day. */
  earliest?: number;
  /** The wall clock; decides which bar is still forming when no `before` is given. */
  now?: () => number;
}

/** The open time of the bar before the one opening at `openTime`. */
export function previousBarOpen(openTime: number, interval: Interval): number {
  return barOpenTime(openTime - 1, interval);
}

export class CandleHistory {
  private readonly gaps = new ExchangeGaps();
  private readonly inFlight = new Map<string, Promise<CandlePage>>();
  private readonly earliest: number;
  private readonly now: () => number;

  constructor(private readonly options: CandleHistoryOptions) {
    this.earliest = options.earliest ?? BINANCE_LAUNCH;
    this.now = options.now ?? Date.now;
  }

  /**
   * One page of history; identical concurrent requests share one walk. `beforeFetch` runs before
   * each exchange request the walk needs (pages the database holds never call it).
   */
  page(db: Db, query: CandlePageQuery, beforeFetch?: BeforeExchangeFetch): Promise<CandlePage> {
    const key = `${query.symbol}:${query.interval}:${query.before ?? 'latest'}:${query.limit}`;
    const running = this.inFlight.get(key);
    if (running) return running;
    const started = this.walk(db, query, beforeFetch).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, started);
    return started;
  }

  private async walk(
    db: Db,
    query: CandlePageQuery,
    beforeFetch?: BeforeExchangeFetch,
  ): Promise<CandlePage> {
    const { symbol, interval, limit } = query;
    const market = `${symbol}:${interval}`;
    const rows = (
      await listCandles(db, { symbol, interval, before: query.before, limit })
    ).reverse();
    // Without `before` the page ends at the forming bar, or after the newest stored bar when the
    // worker's clock (the exchange's) runs ahead of ours.
    const forming = barOpenTime(this.now(), interval);
    const newestStored = rows[0] ? nextBarOpen(rows[0].openTime, interval) : forming;
    const end = query.before ?? Math.max(forming, newestStored);

    const out: Candle[] = []; // newest first
    const fetched: Candle[] = [];
    let next = 0; // index into rows (newest first)
    let expected = previousBarOpen(end, interval);
    let exhausted = false;

    while (out.length < limit) {
      if (expected < this.earliest || this.gaps.isBeforeStart(market, expected)) {
        exhausted = true;
        break;
      }
      const hole = this.gaps.holeAt(market, expected);
      if (hole) {
        expected = previousBarOpen(hole.from, interval);
        continue;
      }
      // Rows the walk has passed (inside a known hole, or replaced by exchange bars) are skipped.
      while (next < rows.length && rows[next]!.openTime > expected) next++;
      const row = rows[next];
      if (row?.openTime === expected) {
        out.push(row);
        next++;
        expected = previousBarOpen(expected, interval);
        continue;
      }

      let page: Candle[];
      try {
        await beforeFetch?.();
        page = await this.fetchBefore(symbol, interval, expected, limit - out.length);
      } catch (err) {
        if (fetched.length > 0) await upsertCandles(db, fetched);
        return this.degraded(query, rows, out, err);
      }
      if (page.length === 0) {
        // Nothing at or before `expected`: the exchange's history starts after it.
        this.gaps.markStart(market, expected);
        exhausted = true;
        break;
      }
      const newest = page[page.length - 1]!;
      // Bars between the newest returned one and `expected` do not exist on the exchange. Only a
      // hole with a bar after it is certain; at the top of a page it may just be our clock.
      if (newest.openTime < expected && out.length > 0) {
        this.gaps.addHole(market, { from: nextBarOpen(newest.openTime, interval), to: expected });
      }
      for (let i = page.length - 1; i >= 0 && out.length < limit; i--) {
        const bar = page[i]!;
        const older = page[i - 1];
        if (older && nextBarOpen(older.openTime, interval) < bar.openTime) {
          this.gaps.addHole(market, {
            from: nextBarOpen(older.openTime, interval),
            to: previousBarOpen(bar.openTime, interval),
          });
        }
        out.push(bar);
      }
      fetched.push(...page);
      expected = previousBarOpen(page[0]!.openTime, interval);
    }

    if (fetched.length > 0) {
      await upsertCandles(db, fetched);
      this.options.logger?.info(
        { symbol, interval, before: query.before, fetched: fetched.length },
        'filled missing history from the exchange',
      );
    }
    const hasMore =
      !exhausted && expected >= this.earliest && !this.gaps.isBeforeStart(market, expected);
    return { candles: out.reverse(), hasMore, fetched: fetched.length };
  }

  /** Closed bars opening at or before `at`, oldest first, at most `want` (one request per 1000). */
  private async fetchBefore(
    symbol: string,
    interval: Interval,
    at: number,
    want: number,
  ): Promise<Candle[]> {
    const bars = await this.options.exchange.klines(symbol, interval, {
      endTime: at,
      limit: Math.min(EXCHANGE_PAGE, want),
    });
    return bars.filter((bar) => bar.closed && bar.openTime <= at && bar.openTime >= this.earliest);
  }

  /**
   * The exchange failed mid-walk: serve what is certain. The bars collected so far are contiguous
   * from the top of the page; with none, the first page falls back to the newest unbroken run in
   * the database (older pages fail, and the chart retries them when scrolled again).
   */
  private degraded(
    query: CandlePageQuery,
    rows: Candle[],
    out: Candle[],
    err: unknown,
  ): CandlePage {
    this.options.logger?.warn(
      { err, symbol: query.symbol, interval: query.interval, before: query.before },
      'exchange unavailable: serving the history the database holds',
    );
    if (out.length > 0) return { candles: out.reverse(), hasMore: true, fetched: 0 };
    if (query.before === undefined && rows.length > 0) {
      const run: Candle[] = [rows[0]!];
      for (let i = 1; i < rows.length; i++) {
        const bar = rows[i]!;
        if (nextBarOpen(bar.openTime, query.interval) !== run[run.length - 1]!.openTime) break;
        run.push(bar);
      }
      return { candles: run.reverse(), hasMore: true, fetched: 0 };
    }
    throw err;
  }
}
