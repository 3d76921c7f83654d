// Before a backtest runs, the history it needs must be in Postgres: the bars of [from, to] not
// stored yet are downloaded from the exchange's REST klines (1000 a request, through the
// rate-limit-aware client the market feed backfills with) and stored through the worker's
// candle store. Missing bars close together are fetched as one range, since one request
// returns 1000 bars anyway. Holes the exchange itself has (maintenance) come back empty.
import { type Interval, nextBarOpen } from '@coinview/core/interval';
import { storedOpenTimes } from '@coinview/db/candle-range';
import type { Db } from '@coinview/db/client';
import {
  type BinanceRestClient,
  MAX_PAGE_SIZE,
  firstBarAtOrAfter,
  klinePages,
} from '@coinview/exchange/rest';
import type { CandleStore } from '../../adapters/candle-store';

/** Open times [from, to], both inclusive. */
export interface BarRange {
  from: number;
  to: number;
  bars: number;
}

/**
 * The ranges of closed bars in [from, to] missing from `present` (sorted open times), merging
 * ranges less than one request page apart. Bars that have not closed by `now` are not expected.
 */
export function missingRanges(
  present: readonly number[],
  interval: Interval,
  from: number,
  to: number,
  now: number,
): BarRange[] {
  const ranges: BarRange[] = [];
  let k = 0;
  let gapSince = 0; // present bars since the last missing one
  for (let t = firstBarAtOrAfter(from, interval); t <= to; t = nextBarOpen(t, interval)) {
    if (nextBarOpen(t, interval) > now) break; // still forming (or in the future)
    while (k < present.length && present[k]! < t) k++;
    if (present[k] === t) {
      gapSince++;
      continue;
    }
    const last = ranges[ranges.length - 1];
    if (last && gapSince < MAX_PAGE_SIZE) {
      last.bars += gapSince + 1;
      last.to = t;
    } else ranges.push({ from: t, to: t, bars: 1 });
    gapSince = 0;
  }
  return ranges;
}

export interface DownloadOptions {
  db: Db;
  store: CandleStore;
  rest: Pick<BinanceRestClient, 'klines'>;
  symbol: string;
  interval: Interval;
  from: number;
  to: number;
  signal?: AbortSignal;
  now?: () => number;
  /** Before the first request and after every page: pages done, pages expected. */
  onPage?: (done: number, total: number) => void | Promise<void>;
}

/** Downloads and stores what is missing; returns the bars stored. */
export async function downloadMissingHistory(opts: DownloadOptions): Promise<number> {
  const present = await storedOpenTimes(opts.db, opts.symbol, opts.interval, opts.from, opts.to);
  const ranges = missingRanges(
    present,
    opts.interval,
    opts.from,
    opts.to,
    (opts.now ?? Date.now)(),
  );
  if (ranges.length === 0) return 0;
  let total = ranges.reduce((n, r) => n + Math.ceil(r.bars / MAX_PAGE_SIZE), 0);
  let done = 0;
  let stored = 0;
  await opts.onPage?.(done, total);
  for (const range of ranges) {
    const pages = klinePages(opts.rest, opts.symbol, opts.interval, {
      from: range.from,
      to: range.to + 1,
      signal: opts.signal,
    });
    for await (const page of pages) {
      stored += await opts.store.upsert(page);
      done++;
      total = Math.max(total, done);
      await opts.onPage?.(done, total);
    }
  }
  return stored;
}
