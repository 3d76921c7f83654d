import { defaultLayoutState } from '@coinview/core/layout';
import type { Metadata } from 'next';
import { requireSession } from '~/server/auth/require-session';
import { api, getQueryClient, HydrateClient, trpc } from '~/trpc/server';
import { ChartWorkspace } from './chart-workspace';
import { historyQueryOptions } from './history-query';
import { latestQueryOptions } from './latest-query';
import type { InitialWorkspace } from './layout/use-layout-workspace';
import { parseMarket } from './markets';

export const metadata: Metadata = { title: 'Chart' };

export default async function ChartPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireSession();
  // Opening the app restores the layout opened last (else the default one, else a fresh chart).
  const opened = await api.layouts.openLast();
  const stored = opened?.state ?? defaultLayoutState();
  // A link may ask for a market (`?symbol=ETHUSDT&interval=1h`): it is shown in the open layout
  // and saved with it, as choosing it in the toolbar would.
  const requested = parseMarket(await searchParams);
  const state = { ...stored, ...requested };
  const initial: InitialWorkspace = {
    layout: opened
      ? { id: opened.id, name: opened.name, version: opened.version, isDefault: opened.isDefault }
      : null,
    state,
    changed: state.symbol !== stored.symbol || state.interval !== stored.interval,
  };
  // Awaited, so the page arrives with its history: had it been streamed, it could land between the
  // server render (skeleton) and hydration (chart), and the two would disagree (React error 418).
  // A failed fetch is not sent along; the browser then loads history itself. The forming bar and
  // the 24 h ticker come along too, so the first paint is current (no stale last-bar price).
  const queries = getQueryClient();
  await Promise.all([
    queries.prefetchInfiniteQuery(
      historyQueryOptions(state.symbol, state.interval, (input) => api.market.candles(input)),
    ),
    queries.prefetchQuery(latestQueryOptions(trpc, state.symbol, state.interval)),
  ]);
  return (
    <HydrateClient>
      <ChartWorkspace initial={initial} />
    </HydrateClient>
  );
}
