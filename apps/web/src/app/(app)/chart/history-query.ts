// Chart history as one infinite query per market: page 0 is the newest `HISTORY_LIMIT` closed bars,
// each next page the ones before the oldest loaded. Shared by the server (prefetch) and the browser
// (scrolling back), which must agree on the key and the paging.
import type { ChartBar } from '@coinview/core/candle';
import { columnsToBars } from '@coinview/core/chart-columns';
import type { Interval } from '@coinview/core/interval';
import { infiniteQueryOptions, type InfiniteData } from '@tanstack/react-query';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '~/server/api/root';
import { HISTORY_LIMIT } from './markets';

export type HistoryPage = inferRouterOutputs<AppRouter>['market']['candles'];
export type HistoryPageInput = inferRouterInputs<AppRouter>['market']['candles'];
export type FetchHistoryPage = (
  input: HistoryPageInput,
  signal?: AbortSignal,
) => Promise<HistoryPage>;

export function historyQueryKey(symbol: string, interval: Interval) {
  return ['market', 'history', { symbol, interval, limit: HISTORY_LIMIT }] as const;
}

/** `before` of the page older than `page`, or undefined when history starts there. */
export function olderPageParam(page: HistoryPage): number | undefined {
  const oldest = page.bars.time[0];
  return page.hasMore && oldest !== undefined ? oldest * 1000 : undefined;
}

export function historyQueryOptions(
  symbol: string,
  interval: Interval,
  fetchPage: FetchHistoryPage,
) {
  return infiniteQueryOptions({
    queryKey: historyQueryKey(symbol, interval),
    queryFn: ({ pageParam, signal }) =>
      fetchPage({ symbol, interval, limit: HISTORY_LIMIT, before: pageParam }, signal),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: olderPageParam,
    // History is loaded once per market and kept current by live updates; a refetch would only
    // reload every page and redraw the whole series for nothing.
    staleTime: Number.POSITIVE_INFINITY,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });
}

/** Pages (newest first) as one series of bars, oldest first, with no bar twice at a seam. */
export function joinPages(data: InfiniteData<HistoryPage> | undefined): ChartBar[] {
  const out: ChartBar[] = [];
  if (!data) return out;
  for (let p = data.pages.length - 1; p >= 0; p--) {
    for (const bar of columnsToBars(data.pages[p]!.bars)) {
      const last = out[out.length - 1];
      if (!last || bar.time > last.time) out.push(bar);
    }
  }
  return out;
}
