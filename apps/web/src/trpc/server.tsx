// tRPC for React Server Components: `trpc` builds query options for prefetching
// (`void getQueryClient().prefetchQuery(trpc.settings.get.queryOptions())`), `api` calls procedures
// directly, and <HydrateClient> hands prefetched data to the client components below it.
import { dehydrate, HydrationBoundary } from '@tanstack/react-query';
import { createTRPCOptionsProxy } from '@trpc/tanstack-react-query';
import { headers } from 'next/headers';
import { cache, type ReactNode } from 'react';
import { createTRPCContext } from '~/server/api/context';
import { appRouter, createCaller } from '~/server/api/root';
import { createQueryClient } from './query-client';

// One context and one query client per request (React's cache() is request-scoped).
const createContext = cache(async () => {
  const heads = new Headers(await headers());
  heads.set('x-trpc-source', 'rsc');
  return createTRPCContext({ headers: heads });
});

export const getQueryClient = cache(createQueryClient);

export const trpc = createTRPCOptionsProxy({
  router: appRouter,
  ctx: createContext,
  queryClient: getQueryClient,
});

/** Direct calls from server components: `await api.settings.get()`. */
export const api = createCaller(createContext);

export function HydrateClient({ children }: { children: ReactNode }) {
  return <HydrationBoundary state={dehydrate(getQueryClient())}>{children}</HydrationBoundary>;
}
