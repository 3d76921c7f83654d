'use client';
// The user's saved backtests, newest first: status, a progress bar with the worker's stage while a
// run is queued or running, the headline numbers of a finished one, and open / cancel / delete.
// Two finished single runs can be ticked to compare them.
import { formatDate } from '@coinview/core/time-zone';
import { Button } from '@coinview/ui/button';
import { cn } from '@coinview/ui/cn';
import type { BacktestRunSummary } from '@coinview/db/backtests';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ConfirmDialog } from '~/components/dialogs';
import { FormAlert } from '~/components/form-alert';
import { useTimeZone } from '~/components/time-zone';
import { useTRPC } from '~/trpc/react';
import { formatPercent, formatSignedPercent } from './metrics-format';
import { isActive, RunStatusBadge } from './run-status-badge';

export function RunsList({
  runs,
  openId,
  onOpen,
  compare,
  onCompareChange,
  onDeleted,
}: {
  runs: readonly BacktestRunSummary[];
  openId: string | null;
  onOpen: (id: string) => void;
  /** Ids ticked for comparison (at most two). */
  compare: readonly string[];
  onCompareChange: (ids: string[]) => void;
  onDeleted: (id: string) => void;
}) {
  if (runs.length === 0)
    return (
      <div className="flex flex-col items-center gap-2 px-6 py-12 text-center">
        <h2 className="text-base font-semibold text-fg-strong">No backtests yet</h2>
        <p className="max-w-xs text-sm text-muted">
          Build a strategy with the form and run it over past bars: its trades, equity curve and
          metrics are saved here.
        </p>
      </div>
    );
  return (
    <ul className="divide-y divide-line" aria-label="Your backtests">
      {runs.map((run) => (
        <RunRow
          key={run.id}
          run={run}
          open={run.id === openId}
          onOpen={() => onOpen(run.id)}
          ticked={compare.includes(run.id)}
          onTick={(on) =>
            onCompareChange(
              on
                ? [...compare.filter((id) => id !== run.id), run.id].slice(-2)
                : compare.filter((id) => id !== run.id),
            )
          }
          onDeleted={() => onDeleted(run.id)}
        />
      ))}
    </ul>
  );
}

function RunRow({
  run,
  open,
  onOpen,
  ticked,
  onTick,
  onDeleted,
}: {
  run: BacktestRunSummary;
  open: boolean;
  onOpen: () => void;
  ticked: boolean;
  onTick: (on: boolean) => void;
  onDeleted: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const timeZone = useTimeZone();
  const [confirming, setConfirming] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.backtests.list.queryKey() });
  const cancel = useMutation(trpc.backtests.cancel.mutationOptions({ onSettled: refresh }));
  const remove = useMutation(
    trpc.backtests.delete.mutationOptions({
      onSuccess: () => {
        setConfirming(false);
        onDeleted();
      },
      onSettled: refresh,
    }),
  );
  const active = isActive(run.status);
  const s = run.summary;
  const comparable = run.status === 'done' && run.kind === 'single';

  return (
    <li
      data-testid="backtest-run"
      data-status={run.status}
      className={cn('flex flex-col gap-2 px-3 py-3', open && 'bg-raised/60')}
    >
      <div className="flex items-start gap-2">
        <input
          type="checkbox"
          aria-label={`Compare ${run.name}`}
          title={
            comparable ? 'Tick two finished runs to compare them' : 'Only finished runs compare'
          }
          disabled={!comparable}
          checked={ticked}
          onChange={(e) => onTick(e.target.checked)}
          className="mt-1 size-4 accent-[var(--color-accent)] disabled:opacity-30"
        />
        <button
          type="button"
          onClick={onOpen}
          aria-current={open ? 'true' : undefined}
          className="min-w-0 flex-1 text-left"
        >
          <span className="block truncate text-sm font-medium text-fg-strong hover:text-accent">
            {run.name}
          </span>
          <span className="block text-xs text-muted">
            {run.symbol} · {run.interval} · {formatDate(run.from, timeZone, true)} →{' '}
            {formatDate(run.to, timeZone, true)}
            {run.kind === 'sweep' ? ' · sweep' : ''}
          </span>
        </button>
        <RunStatusBadge status={run.status} />
      </div>

      {active ? (
        <div className="pl-6">
          <div
            role="progressbar"
            aria-label={`Progress of ${run.name}`}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round(run.progress * 100)}
            className="h-1.5 overflow-hidden rounded-full bg-raised"
          >
            <div
              className="h-full rounded-full bg-accent transition-[width] duration-300"
              style={{ width: `${Math.max(2, run.progress * 100)}%` }}
            />
          </div>
          <p className="mt-1 text-xs text-muted" data-testid="backtest-stage">
            {run.stage ?? (run.status === 'queued' ? 'Waiting for a worker' : 'Starting')} ·{' '}
            {Math.round(run.progress * 100)}%
          </p>
        </div>
      ) : null}
      {run.status === 'failed' && run.error ? (
        <p className="pl-6 text-xs text-down">{run.error}</p>
      ) : null}
      {s ? (
        <p className="pl-6 text-xs text-muted">
          <span className={s.netReturn >= 0 ? 'text-up' : 'text-down'}>
            {formatSignedPercent(s.netReturn)}
          </span>{' '}
          · max DD {formatPercent(s.maxDrawdown)} · {s.trades} {s.trades === 1 ? 'trade' : 'trades'}
          {s.winRate === null ? '' : ` · ${formatPercent(s.winRate)} won`}
        </p>
      ) : null}

      <div className="flex gap-1 pl-6">
        <Button size="sm" variant="ghost" onClick={onOpen}>
          Open
        </Button>
        {active ? (
          <Button
            size="sm"
            variant="ghost"
            loading={cancel.isPending}
            onClick={() => cancel.mutate({ id: run.id })}
          >
            Cancel
          </Button>
        ) : null}
        <Button
          size="sm"
          variant="ghost"
          className="hover:text-down"
          aria-label={`Delete ${run.name}`}
          onClick={() => setConfirming(true)}
        >
          Delete
        </Button>
      </div>
      {cancel.error || remove.error ? (
        <FormAlert>{(cancel.error ?? remove.error)!.message}</FormAlert>
      ) : null}
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title="Delete this backtest?"
        description={
          active
            ? `“${run.name}” will be cancelled, then removed.`
            : `“${run.name}” and its result will be removed.`
        }
        confirmLabel="Delete"
        busy={remove.isPending}
        onConfirm={() => remove.mutate({ id: run.id })}
      />
    </li>
  );
}
