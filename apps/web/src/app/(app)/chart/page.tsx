import type { Metadata } from 'next';
import { requireSession } from '~/server/auth/require-session';
import { getQueryClient, HydrateClient, trpc } from '~/trpc/server';
import { ChartWorkspace } from './chart-workspace';
import { HISTORY_LIMIT, parseMarket } from './markets';

export const metadata: Metadata = { title: 'Chart' };

export default async function ChartPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireSession();
  const market = parseMarket(await searchParams);
  // Started here and streamed with the page, so history usually arrives without a second trip.
  void getQueryClient().prefetchQuery(
    trpc.market.candles.queryOptions({ symbol: market.symbol, interval: market.interval, limit: HISTORY_LIMIT }),
  );
  return (
    <HydrateClient>
      <ChartWorkspace symbol={market.symbol} interval={market.interval} />
    </HydrateClient>
  );
}
