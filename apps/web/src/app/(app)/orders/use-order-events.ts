'use client';
// Order status changes as they happen (orders.live over the tab's live WebSocket): every change
// refreshes what shows orders and balances (the orders page, the chart's open orders and fill
// markers, the balances panel), so a fill appears without a reload.
import { useQueryClient } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useTRPC } from '~/trpc/react';

export function useOrderEvents(onEvent?: (event: { orderId: string; status: string }) => void) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.orders.pathKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.trading.accounts.pathKey() });
  };
  return useSubscription(
    trpc.orders.live.subscriptionOptions(
      {},
      {
        // (Re)connected: whatever changed while away is fetched once (events are nudges).
        onStarted: refresh,
        onData: (data) => {
          refresh();
          onEvent?.(data);
        },
      },
    ),
  );
}
