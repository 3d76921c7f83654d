'use client';
// The browser's tRPC client: queries and mutations batched over one streaming HTTP request,
// every subscription of the tab over one WebSocket (/api/live, see server/live), which reconnects
// and resumes each subscription from its last event id. The socket opens with the first
// subscription and closes a while after the last one ends.
import '~/zod-jitless';
import { type QueryClient, QueryClientProvider } from '@tanstack/react-query';
import {
  createTRPCClient,
  createWSClient,
  httpBatchStreamLink,
  splitLink,
  type TRPCLink,
  TRPCClientError,
  wsLink,
} from '@trpc/client';
import { observable } from '@trpc/server/observable';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import { type ReactNode, useState } from 'react';
import SuperJSON from 'superjson';
import type { AppRouter } from '~/server/api/root';
import { createQueryClient } from './query-client';

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

let browserQueryClient: QueryClient | undefined;

function getQueryClient(): QueryClient {
  // On the server every request gets its own client; in the browser one lives for the page.
  if (typeof window === 'undefined') return createQueryClient();
  return (browserQueryClient ??= createQueryClient());
}

function apiUrl(): string {
  // Only the browser sends requests through this client (server components use ~/trpc/server).
  const origin = typeof window === 'undefined' ? 'http://localhost' : window.location.origin;
  return `${origin}/api/trpc`;
}

/** How long the socket stays open after the last subscription ends (page changes reuse it). */
const LIVE_CLOSE_MS = 10_000;

/**
 * Subscriptions: one lazy WebSocket in the browser. Server rendering never subscribes (and Node 20
 * has no WebSocket), so there the link only refuses.
 */
function liveLink(): TRPCLink<AppRouter> {
  if (typeof window === 'undefined') {
    return () => () =>
      observable((observer) => {
        observer.error(new TRPCClientError('Live data is only available in the browser.'));
      });
  }
  const { protocol, host } = window.location;
  return wsLink({
    client: createWSClient({
      url: `${protocol === 'https:' ? 'wss' : 'ws'}://${host}/api/live`,
      lazy: { enabled: true, closeMs: LIVE_CLOSE_MS },
    }),
    transformer: SuperJSON,
  });
}

export function TRPCReactProvider({ children }: { children: ReactNode }) {
  const queryClient = getQueryClient();
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({
      links: [
        splitLink({
          condition: (op) => op.type === 'subscription',
          true: liveLink(),
          false: httpBatchStreamLink({
            url: apiUrl(),
            transformer: SuperJSON,
            headers: () => ({ 'x-trpc-source': 'nextjs-react' }),
          }),
        }),
      ],
    }),
  );

  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
