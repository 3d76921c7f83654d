// History in pages: closed candles from `from` up to `to` (or up to now), oldest first, one request
// per page. Each page starts at the bar after the last one yielded, so pages neither overlap nor
// skip; the forming bar is never yielded. Gaps in the exchange's own data (maintenance windows) are
// passed through as they are: the caller can spot them between consecutive open times.
import type { Candle } from '@coinview/core/candle';
import { type Interval, barOpenTime, nextBarOpen } from '@coinview/core/interval';
import type { BinanceRestClient } from './binance-rest-client';

export const MAX_PAGE_SIZE = 1000;

export interface KlinePagesOptions {
  /** First bar: the one opening at `from`, else the next one to open (epoch ms). */
  from: number;
  /** Exclusive end: bars opening before `to` (epoch ms). Default: up to the last closed bar. */
  to?: number;
  /** Bars per request, at most 1000 (Binance's maximum). */
  pageSize?: number;
  signal?: AbortSignal;
}

/** First open time of `interval` at or after `time`. */
export function firstBarAtOrAfter(time: number, interval: Interval): number {
  const open = barOpenTime(time, interval);
  return open === time ? open : nextBarOpen(open, interval);
}

export async function* klinePages(
  client: Pick<BinanceRestClient, 'klines'>,
  symbol: string,
  interval: Interval,
  options: KlinePagesOptions,
): AsyncGenerator<Candle[], void, undefined> {
  const pageSize = options.pageSize ?? MAX_PAGE_SIZE;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
    throw new RangeError(`pageSize must be an integer from 1 to ${MAX_PAGE_SIZE}, got ${pageSize}`);
  }
  const { to } = options;
  let cursor = firstBarAtOrAfter(options.from, interval);

  while (to === undefined || cursor < to) {
    const rows = await client.klines(symbol, interval, {
      startTime: cursor,
      // Binance's endTime is inclusive on the open time.
      endTime: to === undefined ? undefined : to - 1,
      limit: pageSize,
      signal: options.signal,
    });
    const page: Candle[] = [];
    let reachedForming = false;
    for (const candle of rows) {
      if (candle.openTime < cursor) continue; // never hand out a bar twice
      if (!candle.closed) {
        reachedForming = true;
        break;
      }
      if (to !== undefined && candle.openTime >= to) break;
      page.push(candle);
      cursor = nextBarOpen(candle.openTime, interval);
    }
    if (page.length > 0) yield page;
    // A short page means the exchange has nothing more in range; a full page that made no
    // progress would loop forever, so it ends the walk too.
    if (reachedForming || rows.length < pageSize || page.length === 0) return;
  }
}
