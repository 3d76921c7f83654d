'use client';
// The chart's state (a core LayoutState) and the saved layout it belongs to. Every change goes
// through `update`, which redraws at once and hands the state to Autosave. A user without layouts
// works on an unsaved chart; their first change saves it as "My chart", so opening the app always
// brings back what they saw (as TradingView does). Switching layouts first saves what is pending.
import type { LayoutState } from '@coinview/core/layout';
import { useQueryClient } from '@tanstack/react-query';
import { TRPCClientError } from '@trpc/client';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTRPC, useTRPCClient } from '~/trpc/react';
import { Autosave, SaveConflictError, type SaveStatus } from './autosave';
import type { AppRouter } from '~/server/api/root';

export interface LayoutMeta {
  id: string;
  name: string;
  version: number;
  isDefault: boolean;
}

export interface InitialWorkspace {
  layout: LayoutMeta | null;
  state: LayoutState;
  /** The state differs from the stored one (a link asked for a market): save it. */
  changed?: boolean;
}

export const FIRST_LAYOUT_NAME = 'My chart';

function isConflict(err: unknown): boolean {
  return (
    err instanceof TRPCClientError && (err as TRPCClientError<AppRouter>).data?.code === 'CONFLICT'
  );
}

/** "My chart", else "My chart 2", … — the first name not in `taken`. */
export function freeName(base: string, taken: readonly string[]): string {
  const names = new Set(taken.map((n) => n.toLowerCase()));
  if (!names.has(base.toLowerCase())) return base;
  for (let i = 2; ; i++) if (!names.has(`${base} ${i}`.toLowerCase())) return `${base} ${i}`;
}

export function useLayoutWorkspace(initial: InitialWorkspace) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const [state, setState] = useState(initial.state);
  const [layout, setLayout] = useState(initial.layout);
  const [status, setStatus] = useState<SaveStatus>('saved');
  const [saveError, setSaveError] = useState<Error | null>(null);
  const stateRef = useRef(state);
  const layoutRef = useRef(layout);

  const setCurrent = useCallback((next: LayoutMeta | null) => {
    layoutRef.current = next;
    setLayout(next);
  }, []);

  const invalidateList = useCallback(
    () => queryClient.invalidateQueries({ queryKey: trpc.layouts.list.queryKey() }),
    [queryClient, trpc],
  );

  const autosave = useMemo(
    () =>
      new Autosave<LayoutState>({
        onStatus: (s, error) => {
          setStatus(s);
          setSaveError(error ?? null);
        },
        save: async (snapshot) => {
          const current = layoutRef.current;
          if (!current) {
            const taken = (await client.layouts.list.query()).map((l) => l.name);
            const created = await client.layouts.create.mutate({
              name: freeName(FIRST_LAYOUT_NAME, taken),
              state: snapshot,
            });
            setCurrent({
              id: created.id,
              name: created.name,
              version: created.version,
              isDefault: created.isDefault,
            });
            void invalidateList();
            return;
          }
          try {
            const saved = await client.layouts.save.mutate({
              id: current.id,
              state: snapshot,
              expectedVersion: current.version,
            });
            // Only the version moves: a rename may have happened meanwhile and must stay.
            if (layoutRef.current?.id === saved.id)
              setCurrent({ ...layoutRef.current, version: saved.version });
          } catch (err) {
            if (isConflict(err))
              throw new SaveConflictError(
                err instanceof Error ? err.message : 'The layout was changed elsewhere.',
              );
            throw err;
          }
        },
      }),
    [client, invalidateList, setCurrent],
  );
  // Leaving the page saves what is pending rather than dropping it.
  useEffect(() => () => void autosave.flush(), [autosave]);
  const initiallyChanged = useRef(initial.changed === true);
  useEffect(() => {
    if (!initiallyChanged.current) return;
    initiallyChanged.current = false;
    autosave.change(stateRef.current);
  }, [autosave]);

  /** Applies a change to the chart and schedules its save. */
  const update = useCallback(
    (change: (s: LayoutState) => LayoutState) => {
      const next = change(stateRef.current);
      if (next === stateRef.current) return;
      stateRef.current = next;
      setState(next);
      autosave.change(next);
    },
    [autosave],
  );

  const replace = useCallback(
    (next: { layout: LayoutMeta | null; state: LayoutState }) => {
      autosave.reset();
      stateRef.current = next.state;
      setState(next.state);
      setCurrent(next.layout);
    },
    [autosave, setCurrent],
  );

  /** Saves the chart as a new named layout and continues on it. */
  const saveAs = useCallback(
    async (name: string) => {
      await autosave.flush();
      const created = await client.layouts.create.mutate({ name, state: stateRef.current });
      replace({ layout: { ...created }, state: stateRef.current });
      void invalidateList();
    },
    [autosave, client, replace, invalidateList],
  );

  const open = useCallback(
    async (id: string) => {
      await autosave.flush();
      const opened = await client.layouts.open.mutate({ id });
      replace({ layout: { ...opened }, state: opened.state });
      void invalidateList();
    },
    [autosave, client, replace, invalidateList],
  );

  const rename = useCallback(
    async (name: string) => {
      const current = layoutRef.current;
      if (!current) return saveAs(name);
      const renamed = await client.layouts.rename.mutate({ id: current.id, name });
      if (layoutRef.current?.id === renamed.id) setCurrent({ ...layoutRef.current, name });
      void invalidateList();
    },
    [client, saveAs, setCurrent, invalidateList],
  );

  const setDefault = useCallback(
    async (makeDefault: boolean) => {
      const current = layoutRef.current;
      if (!current) return;
      await client.layouts.setDefault.mutate({ id: makeDefault ? current.id : null });
      if (layoutRef.current?.id === current.id)
        setCurrent({ ...layoutRef.current, isDefault: makeDefault });
      void invalidateList();
    },
    [client, setCurrent, invalidateList],
  );

  /** Deletes a layout; deleting the open one moves to the last opened other one (or a new chart). */
  const remove = useCallback(
    async (id: string) => {
      await client.layouts.remove.mutate({ id });
      if (layoutRef.current?.id === id) {
        const next = await client.layouts.openLast.mutate();
        // None left: the chart stays as it is, unsaved until its next change.
        replace(
          next
            ? { layout: { ...next }, state: next.state }
            : { layout: null, state: stateRef.current },
        );
      }
      void invalidateList();
    },
    [client, replace, invalidateList],
  );

  /** After a conflict: take the stored version (dropping this tab's unsaved changes). */
  const reloadStored = useCallback(async () => {
    const current = layoutRef.current;
    if (!current) return;
    const stored = await client.layouts.get.query({ id: current.id });
    replace({ layout: { ...stored }, state: stored.state });
  }, [client, replace]);

  /** After a conflict: keep this tab's chart, writing it over the stored version. */
  const overwriteStored = useCallback(async () => {
    const current = layoutRef.current;
    if (!current) return;
    const stored = await client.layouts.get.query({ id: current.id });
    setCurrent({ ...current, version: stored.version });
    autosave.resume();
  }, [client, autosave, setCurrent]);

  const retrySave = useCallback(() => void autosave.flush(), [autosave]);

  return {
    state,
    layout,
    status,
    saveError,
    update,
    saveAs,
    open,
    rename,
    setDefault,
    remove,
    reloadStored,
    overwriteStored,
    retrySave,
  };
}

export type LayoutWorkspace = ReturnType<typeof useLayoutWorkspace>;
