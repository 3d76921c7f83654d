'use client';
// The signed-in user's drawings on the chart's symbol (drawings.get), edited locally and autosaved
// whole with the version last read, exactly as the layout is (./layout/autosave): each edit redraws
// at once and schedules a save; a save answered with CONFLICT (another tab or device saved first)
// pauses autosave until the trader takes the stored drawings or keeps theirs. Switching symbols
// or leaving the page saves what is pending first.
import type { Drawing } from '@coinview/core/drawings';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { TRPCClientError } from '@trpc/client';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { AppRouter } from '~/server/api/root';
import { useTRPC, useTRPCClient } from '~/trpc/react';
import { Autosave, SaveConflictError, type SaveStatus } from '../layout/autosave';

function isConflict(err: unknown): boolean {
  return (
    err instanceof TRPCClientError && (err as TRPCClientError<AppRouter>).data?.code === 'CONFLICT'
  );
}

export interface ChartDrawings {
  /** The drawings shown: the stored ones with this tab's edits on top. */
  drawings: readonly Drawing[];
  /** Loaded from the server (false while the first read is pending). */
  ready: boolean;
  /** Bumped whenever `drawings` is replaced from the server (first load, reload after a
   *  conflict), not on this tab's own edits: an editor resets its undo history on it. */
  revision: number;
  /** 'error': the last save failed (not a conflict) and is retried with backoff; `error` says why. */
  status: SaveStatus;
  error: Error | null;
  /** Saves now, instead of waiting for the next retry after a failed save. */
  retry: () => void;
  /** Replaces the drawings (an edit, undo or redo) and schedules the save. */
  change: (next: readonly Drawing[]) => void;
  /** After a conflict: take the stored drawings, dropping this tab's unsaved edits. */
  reloadStored: () => Promise<void>;
  /** After a conflict: write this tab's drawings over the stored ones. */
  overwriteStored: () => Promise<void>;
}

export function useChartDrawings(symbol: string): ChartDrawings {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const stored = useQuery(trpc.drawings.get.queryOptions({ symbol }, { staleTime: Infinity }));
  const [drawings, setDrawings] = useState<readonly Drawing[]>([]);
  const [ready, setReady] = useState(false);
  const [revision, setRevision] = useState(0);
  const [status, setStatus] = useState<SaveStatus>('saved');
  const [error, setError] = useState<Error | null>(null);
  const touched = useRef(false);

  // One autosave per symbol, with the version it saves against: a save still finishing for the
  // previous symbol moves that symbol's version, never this one's.
  const { autosave, version } = useMemo(() => {
    const version = { current: 0 };
    const autosave = new Autosave<readonly Drawing[]>({
      delayMs: 400,
      onStatus: (s, err) => {
        setStatus(s);
        setError(err ?? null);
      },
      save: async (snapshot) => {
        try {
          const saved = await client.drawings.save.mutate({
            symbol,
            drawings: [...snapshot],
            expectedVersion: version.current,
          });
          version.current = saved.version;
          // Coming back to this symbol later shows (and saves against) what was just saved.
          queryClient.setQueryData(trpc.drawings.get.queryKey({ symbol }), {
            drawings: [...snapshot],
            version: saved.version,
            unreadable: 0,
          });
        } catch (err) {
          if (isConflict(err))
            throw new SaveConflictError(
              err instanceof Error ? err.message : 'The drawings were changed elsewhere.',
            );
          throw err;
        }
      },
    });
    return { autosave, version };
  }, [client, queryClient, symbol, trpc]);
  // A new symbol (a new autosave) or leaving the page: save what is pending.
  useEffect(
    () => () => {
      void autosave.flush();
    },
    [autosave],
  );
  useEffect(() => {
    touched.current = false;
    setReady(false);
    setDrawings([]);
  }, [symbol]);

  // The stored set arrives: show it, unless the trader already drew on top of an empty chart.
  useEffect(() => {
    if (!stored.data || touched.current) return;
    version.current = stored.data.version;
    setDrawings(stored.data.drawings);
    setRevision((r) => r + 1);
    setReady(true);
  }, [stored.data, version]);

  const change = useCallback(
    (next: readonly Drawing[]) => {
      touched.current = true;
      setDrawings(next);
      autosave.change(next);
    },
    [autosave],
  );

  const reloadStored = useCallback(async () => {
    const fresh = await client.drawings.get.query({ symbol });
    version.current = fresh.version;
    setDrawings(fresh.drawings);
    setRevision((r) => r + 1);
    autosave.reset();
  }, [autosave, client, symbol, version]);

  const retry = useCallback(() => {
    void autosave.flush();
  }, [autosave]);

  const overwriteStored = useCallback(async () => {
    const fresh = await client.drawings.get.query({ symbol });
    version.current = fresh.version;
    autosave.resume();
  }, [autosave, client, symbol, version]);

  return {
    drawings,
    ready: ready || stored.isError,
    revision,
    status,
    error: error ?? (stored.error instanceof Error ? stored.error : null),
    change,
    retry,
    reloadStored,
    overwriteStored,
  };
}
