'use client';
// History from `market.candles`, page by page back in time as the user scrolls left, then live
// updates from `market.live` (on the tab's one live WebSocket) for one market. The chart gets the
// history array (a new one only when a page arrives) and each live bar as it comes; the toolbar
// gets the last price and the connection state (the socket's: while it reconnects, the badge says
// so). Until the first live event, the forming bar comes from `market.latest` (prefetched with the
// page), so the first paint already shows the bar in progress and its price rather than the last
// closed bar's.
import { type ChartBar, toChartBar } from '@coinview/core/candle';
import type { Interval } from '@coinview/core/interval';
import { advanceTape, type BarTape, classifyLiveBar, tapeOf } from '@coinview/ui/bars';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useCallback, useMemo, useRef, useState } from 'react';
import { useTRPC, useTRPCClient } from '~/trpc/react';
import { historyQueryOptions, joinPages } from './history-query';
import { latestQueryOptions } from './latest-query';

export type LiveStatus = 'idle' | 'connecting' | 'live' | 'reconnecting' | 'error';

interface LiveState {
  market: string;
  bar: ChartBar;
  tape: BarTape;
  /** The newest bar's close as the exchange wrote it (decimal string): the last price. */
  price: string;
}

/** `enabled: false` (a chart slot the layout does not show) fetches and subscribes to nothing. */
export function useMarketFeed(symbol: string, interval: Interval, enabled = true) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const market = `${symbol}:${interval}`;
  const history = useInfiniteQuery({
    ...historyQueryOptions(symbol, interval, (input, signal) =>
      client.market.candles.query(input, { signal }),
    ),
    enabled,
  });
  const bars: readonly ChartBar[] = useMemo(() => joinPages(history.data), [history.data]);
  const latest = useQuery({ ...latestQueryOptions(trpc, symbol, interval), enabled });
  const formingNow = latest.data?.candle;
  // The prefetched forming bar, drawn as the live bar until the stream's own events arrive.
  const seeded = useMemo((): LiveState | null => {
    if (!formingNow || formingNow.symbol !== symbol || formingNow.interval !== interval)
      return null;
    const bar = toChartBar(formingNow);
    const tape = tapeOf(bars);
    if (classifyLiveBar(tape, bar) === 'ignore') return null;
    return { market, bar, tape: advanceTape(tape, bar), price: formingNow.close };
  }, [formingNow, bars, market, symbol, interval]);
  // Live updates resume after the newest bar of the first page, which older pages never change.
  const lastTime = history.data?.pages[0]?.bars.time.at(-1);

  const { hasNextPage, isFetchingNextPage, isFetchNextPageError, fetchNextPage } = history;
  /** The chart's view nears the oldest bar: fetch the page before it, one at a time. */
  const loadOlder = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage({ cancelRefetch: false });
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  const [live, setLive] = useState<LiveState | null>(null);
  // The market whose subscription has been up at least once: a later 'connecting' is a reconnect.
  const startedFor = useRef<string | null>(null);

  const subscription = useSubscription(
    trpc.market.live.subscriptionOptions(
      // Resume after the newest history bar: bars that closed since the query are replayed.
      { symbol, interval, lastEventId: lastTime !== undefined ? String(lastTime * 1000) : null },
      {
        enabled: enabled && history.isSuccess,
        onStarted: () => {
          startedFor.current = market;
        },
        onData: (event) => {
          const bar = toChartBar(event.data);
          setLive((prev) => {
            const from = prev?.market === market ? prev : seeded;
            const base = from?.tape ?? tapeOf(bars);
            // A replayed bar older than the one shown (the seeded forming bar) changes nothing.
            if (classifyLiveBar(base, bar) === 'ignore') return from ?? prev;
            return { market, bar, tape: advanceTape(base, bar), price: event.data.close };
          });
        },
      },
    ),
  );

  const current = live?.market === market ? live : seeded;
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
    loadOlder,
    loadingOlder: isFetchingNextPage,
    olderError: isFetchNextPageError ? history.error : null,
    historyComplete: history.isSuccess && !hasNextPage,
    liveBar: current?.bar,
    tape,
    /** The last price (decimal string) once a forming or live bar is known. */
    price: current?.price,
    /** The symbol's 24 h ticker as the page was rendered (null when unknown). */
    tickerNow: latest.data?.ticker ?? null,
    status,
    liveError: subscription.error,
    restartLive: subscription.reset,
  };
}
