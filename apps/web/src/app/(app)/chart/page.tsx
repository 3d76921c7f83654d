import type { Metadata } from 'next';
import { requireSession } from '~/server/auth/require-session';
import { api, getQueryClient, HydrateClient } from '~/trpc/server';
import { ChartWorkspace } from './chart-workspace';
import { historyQueryOptions } from './history-query';
import { parseMarket } from './markets';

export const metadata: Metadata = { title: 'Chart' };

export default async function ChartPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireSession();
  const market = parseMarket(await searchParams);
  // Awaited, so the page arrives with its history: had it been streamed, it could land between the
  // server render (skeleton) and hydration (chart), and the two would disagree (React error 418).
  // A failed fetch is not sent along; the browser then loads history itself.
  await getQueryClient().prefetchInfiniteQuery(
    historyQueryOptions(market.symbol, market.interval, (input) => api.market.candles(input)),
  );
  return (
    <HydrateClient>
      <ChartWorkspace symbol={market.symbol} interval={market.interval} />
    </HydrateClient>
  );
}
