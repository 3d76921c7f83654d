'use client';
// History from `market.candles`, then live updates from `market.live` (server-sent events) for
// one market. The chart gets the history array once and each live bar as it comes; the toolbar
// gets the last price, its change and the connection state.
import { type ChartBar, toChartBar } from '@coinview/core/candle';
import type { Interval } from '@coinview/core/interval';
import { advanceTape, type BarTape, tapeOf } from '@coinview/ui/bars';
import { useQuery } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useRef, useState } from 'react';
import { useTRPC } from '~/trpc/react';
import { HISTORY_LIMIT } from './markets';

export type LiveStatus = 'idle' | 'connecting' | 'live' | 'reconnecting' | 'error';

interface LiveState {
  market: string;
  bar: ChartBar;
  tape: BarTape;
}

const EMPTY: readonly ChartBar[] = [];

export function useMarketFeed(symbol: string, interval: Interval) {
  const trpc = useTRPC();
  const market = `${symbol}:${interval}`;
  const history = useQuery({
    ...trpc.market.candles.queryOptions({ symbol, interval, limit: HISTORY_LIMIT }),
    // History is loaded once per market; live updates keep it current from then on. A refetch
    // would only redraw the whole series for nothing.
    staleTime: Number.POSITIVE_INFINITY,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });
  const bars = history.data ?? EMPTY;
  const lastBar = bars[bars.length - 1];

  const [live, setLive] = useState<LiveState | null>(null);
  // The market whose subscription has been up at least once: a later 'connecting' is a reconnect.
  const startedFor = useRef<string | null>(null);

  const subscription = useSubscription(
    trpc.market.live.subscriptionOptions(
      // Resume after the newest history bar: bars that closed since the query are replayed.
      { symbol, interval, lastEventId: lastBar ? String(lastBar.time * 1000) : null },
      {
        enabled: history.isSuccess,
        onStarted: () => {
          startedFor.current = market;
        },
        onData: (event) => {
          const bar = toChartBar(event.data);
          setLive((prev) => {
            const base = prev?.market === market ? prev.tape : tapeOf(bars);
            return { market, bar, tape: advanceTape(base, bar) };
          });
        },
      },
    ),
  );

  const current = live?.market === market ? live : null;
  const tape = current?.tape ?? tapeOf(bars);

  let status: LiveStatus;
  switch (subscription.status) {
    case 'idle':
      status = 'idle';
      break;
    case 'connecting':
      status = subscription.error || startedFor.current === market ? 'reconnecting' : 'connecting';
      break;
    case 'pending':
      status = 'live';
      break;
    case 'error':
      status = 'error';
      break;
  }

  return {
    history,
    bars,
    liveBar: current?.bar,
    tape,
    status,
    liveError: subscription.error,
    restartLive: subscription.reset,
  };
}
