'use client';
// The user's watchlist with optimistic edits: the list changes on screen at once, the server's
// answer replaces it, and a refusal puts back what was there and reports why.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '~/trpc/react';
import { type WatchlistEntry, withAdded, withMoved, withRemoved } from './watchlist-order';

export function useWatchlist() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.watchlist.list.queryOptions());
  const queryKey = trpc.watchlist.list.queryKey();

  /** Applies `edit` to the cached list now; returns how to undo it. */
  const optimistic = async (edit: (list: WatchlistEntry[]) => WatchlistEntry[]) => {
    await queryClient.cancelQueries({ queryKey });
    const previous = queryClient.getQueryData<WatchlistEntry[]>(queryKey);
    if (previous) queryClient.setQueryData(queryKey, edit(previous));
    return { previous };
  };
  const rollback = (context: { previous?: WatchlistEntry[] } | undefined) => {
    if (context?.previous) queryClient.setQueryData(queryKey, context.previous);
  };
  const adopt = (data: WatchlistEntry[]) => queryClient.setQueryData(queryKey, data);

  const add = useMutation(
    trpc.watchlist.add.mutationOptions({
      onMutate: ({ symbol }) => optimistic((l) => withAdded(l, symbol, Date.now())),
      onError: (_err, _vars, context) => rollback(context),
      onSuccess: adopt,
    }),
  );
  const remove = useMutation(
    trpc.watchlist.remove.mutationOptions({
      onMutate: ({ symbol }) => optimistic((l) => withRemoved(l, symbol)),
      onError: (err, _vars, context) => {
        // Already gone (removed in another tab): the list was merely out of date.
        if (err.data?.code === 'NOT_FOUND') void queryClient.invalidateQueries({ queryKey });
        else rollback(context);
      },
      onSuccess: adopt,
    }),
  );
  const reorder = useMutation(
    trpc.watchlist.reorder.mutationOptions({
      onMutate: ({ symbols }) =>
        optimistic((l) => {
          const rank = new Map(symbols.map((s, i) => [s, i]));
          return [...l]
            .sort((a, b) => (rank.get(a.symbol) ?? 1e9) - (rank.get(b.symbol) ?? 1e9))
            .map((item, position) => ({ ...item, position }));
        }),
      onError: (_err, _vars, context) => rollback(context),
      onSuccess: adopt,
    }),
  );

  const items = list.data ?? [];
  return {
    list,
    items,
    has: (symbol: string) => items.some((i) => i.symbol === symbol),
    add: (symbol: string) => add.mutate({ symbol }),
    remove: (symbol: string) => remove.mutate({ symbol }),
    move: (symbol: string, delta: number) =>
      reorder.mutate({ symbols: withMoved(items, symbol, delta).map((i) => i.symbol) }),
    /** The last refused edit (cleared by the next one), to show in place. */
    error:
      add.error ??
      (remove.error?.data?.code === 'NOT_FOUND' ? null : remove.error) ??
      reorder.error,
    addingSymbol: add.isPending ? add.variables.symbol : undefined,
  };
}
