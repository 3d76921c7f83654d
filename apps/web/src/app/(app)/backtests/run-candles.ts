'use client';
// The bars of a run for its price chart, paged back as the view nears the oldest one
// (backtests.candles, newest first page, then each page before the oldest bar held), the way the
// main chart pages its history. `reach(time)` loads pages until a time is held, for a click on
// a trade older than what is loaded.
import type { ChartBar } from '@coinview/core/candle';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTRPCClient } from '~/trpc/react';

/** Older bars before `older` (both oldest first), without a bar held twice. */
export function prependBars(older: readonly ChartBar[], bars: readonly ChartBar[]): ChartBar[] {
  const first = bars[0]?.time ?? Infinity;
  return [...older.filter((b) => b.time < first), ...bars];
}

export interface RunCandles {
  bars: ChartBar[];
  loading: boolean;
  error: string | null;
  /** Every bar of the run is loaded. */
  complete: boolean;
  loadOlder: () => void;
  reach: (timeMs: number) => Promise<boolean>;
}

export function useRunCandles(id: string): RunCandles {
  const client = useTRPCClient();
  const [bars, setBars] = useState<ChartBar[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [complete, setComplete] = useState(false);
  // The newest state for the async loaders (one page request at a time).
  const state = useRef({ bars, complete, busy: false, id });

  const page = useCallback(async (): Promise<boolean> => {
    const s = state.current;
    if (s.busy || s.complete) return false;
    s.busy = true;
    setLoading(true);
    try {
      const oldest = s.bars[0];
      const older = await client.backtests.candles.query({
        id: s.id,
        before: oldest ? oldest.time * 1000 : undefined,
      });
      if (state.current.id !== s.id) return false;
      const next = prependBars(older, s.bars);
      const done = next.length === s.bars.length;
      state.current = { ...state.current, bars: next, complete: done };
      setBars(next);
      setComplete(done);
      setError(null);
      return !done;
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      return false;
    } finally {
      state.current.busy = false;
      setLoading(false);
    }
  }, [client]);

  useEffect(() => {
    state.current = { bars: [], complete: false, busy: false, id };
    setBars([]);
    setComplete(false);
    void page();
  }, [id, page]);

  const reach = useCallback(
    async (timeMs: number) => {
      // Each page is 1,000 bars; stop at the run's first bar or on an error.
      for (;;) {
        const oldest = state.current.bars[0];
        if (oldest && oldest.time * 1000 <= timeMs) return true;
        if (state.current.complete) return false;
        if (state.current.busy) {
          await new Promise((r) => setTimeout(r, 100));
          continue;
        }
        // No page and not complete: the request failed (its error is shown).
        if (!(await page()) && !state.current.complete) return false;
      }
    },
    [page],
  );

  return { bars, loading, error, complete, loadOlder: () => void page(), reach };
}
