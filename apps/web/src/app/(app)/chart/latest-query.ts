// market.latest as one query per market, shared by the server (prefetched with the chart page) and
// the browser (a market chosen later), which must agree on its key and its caching.
import type { Interval } from '@coinview/core/interval';
import type { TRPCOptionsProxy } from '@trpc/tanstack-react-query';
import type { AppRouter } from '~/server/api/root';

export function latestQueryOptions(
  trpc: TRPCOptionsProxy<AppRouter>,
  symbol: string,
  interval: Interval,
) {
  return trpc.market.latest.queryOptions(
    { symbol, interval },
    {
      // Only the first paint needs it: the live stream keeps the page current from then on.
      staleTime: Number.POSITIVE_INFINITY,
      refetchOnWindowFocus: false,
      refetchOnReconnect: false,
      retry: false,
    },
  );
}
