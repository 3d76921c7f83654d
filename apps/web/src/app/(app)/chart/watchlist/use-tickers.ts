'use client';
// Live 24 h tickers for the watchlist's symbols: a snapshot, then updates as the worker publishes
// them (market.tickers over the tab's live WebSocket). The subscription restarts, with a new
// snapshot, when the set of symbols changes.
import type { Ticker } from '@coinview/core/ticker';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useMemo, useState } from 'react';
import { useTRPC } from '~/trpc/react';

/** The server follows at most this many symbols per subscription. */
export const MAX_LIVE_SYMBOLS = 50;

export function useTickers(symbols: readonly string[]) {
  const trpc = useTRPC();
  const [tickers, setTickers] = useState<ReadonlyMap<string, Ticker>>(new Map());
  // Deduplicated, sorted and compared by content, so reordering the watchlist does not restart the
  // subscription.
  const joined = [...new Set(symbols)].slice(0, MAX_LIVE_SYMBOLS).sort().join(',');
  const key = useMemo(() => (joined ? joined.split(',') : []), [joined]);
  const subscription = useSubscription(
    trpc.market.tickers.subscriptionOptions(
      { symbols: key },
      {
        enabled: key.length > 0,
        onData: ({ tickers: batch }) =>
          setTickers((prev) => {
            const next = new Map(prev);
            for (const t of batch) {
              const known = next.get(t.symbol);
              if (!known || known.eventTime <= t.eventTime) next.set(t.symbol, t);
            }
            return next;
          }),
      },
    ),
  );
  return {
    tickers,
    status: subscription.status,
    error: subscription.error,
    retry: subscription.reset,
  };
}

export type LiveTickers = ReturnType<typeof useTickers>;
