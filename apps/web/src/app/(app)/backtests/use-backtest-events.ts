'use client';
// Backtest status and progress as the worker reports them (backtests.live over the tab's live
// connection). Progress moves the list's bar in place without a refetch; a status change (done,
// failed…) re-reads the list and, when it is open with another status, that run (its result).
import type { BacktestRunSummary } from '@coinview/db/backtests';
import { useQueryClient } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useTRPC } from '~/trpc/react';

export function useBacktestEvents() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const listKey = trpc.backtests.list.queryKey();
  return useSubscription(
    trpc.backtests.live.subscriptionOptions(
      {},
      {
        // (Re)connected: what changed while away is read once (events only say what moved).
        onStarted: () => void queryClient.invalidateQueries({ queryKey: listKey }),
        onData: (event) => {
          let statusChanged = true;
          queryClient.setQueryData(listKey, (runs: BacktestRunSummary[] | undefined) =>
            runs?.map((run) => {
              if (run.id !== event.id) return run;
              statusChanged = run.status !== event.status;
              return { ...run, status: event.status, progress: event.progress, stage: event.stage };
            }),
          );
          if (statusChanged) void queryClient.invalidateQueries({ queryKey: listKey });
          // The open run is compared with its own cached status, not the list's: the list may
          // already have been re-read with the new status (a refetch racing the event), and the
          // run's view must still fetch its result.
          const getKey = trpc.backtests.get.queryKey({ id: event.id });
          const shown = queryClient.getQueryData<{ status: string }>(getKey);
          if (shown && shown.status !== event.status)
            void queryClient.invalidateQueries({ queryKey: getKey });
        },
      },
    ),
  );
}
