'use client';
// One alert in the list: what it watches, its state and last fire, the actions (edit, pause or
// resume, delete with a confirmation) and its expandable log of fires.
import type { AlertStatus } from '@coinview/db/alert-rules';
import { Button } from '@coinview/ui/button';
import { cn } from '@coinview/ui/cn';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { toast } from 'sonner';
import { useTRPC } from '~/trpc/react';
import { ConfirmDialog } from '~/components/dialogs';
import { useTimeZone } from '~/components/time-zone';
import { AlertFires } from './alert-fires';
import { formatAgo, formatDateTime } from './format';
import { StatusBadge } from './status-badge';

export interface AlertRowData {
  id: string;
  name: string;
  description: string;
  symbol: string;
  interval: string;
  status: AlertStatus;
  lastFiredAt: number | null;
  fireCount: number;
  expiresAt: number | null;
}

export function AlertRow({ alert, onEdit }: { alert: AlertRowData; onEdit: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const timeZone = useTimeZone();
  const [open, setOpen] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.alerts.pathKey() });
  const onError = (err: { message: string }) => toast.error(err.message);
  const pause = useMutation(trpc.alerts.pause.mutationOptions({ onSuccess: refresh, onError }));
  const resume = useMutation(trpc.alerts.resume.mutationOptions({ onSuccess: refresh, onError }));
  const remove = useMutation(
    trpc.alerts.remove.mutationOptions({
      onSuccess: () => {
        setConfirming(false);
        toast.success('Alert deleted', { description: alert.name });
        return refresh();
      },
      onError,
    }),
  );
  const canPause = alert.status === 'active';

  return (
    <li
      className="border-b border-line last:border-b-0"
      data-testid="alert-row"
      data-alert-id={alert.id}
    >
      <div className="flex flex-col gap-2 px-4 py-3 sm:flex-row sm:items-center sm:gap-4">
        <button
          type="button"
          onClick={() => setOpen((o) => !o)}
          aria-expanded={open}
          aria-label={`${open ? 'Hide' : 'Show'} the log of ${alert.name}`}
          className="hidden h-6 w-6 shrink-0 items-center justify-center rounded text-muted hover:bg-raised hover:text-fg sm:flex"
        >
          <span className={cn('transition-transform', open && 'rotate-90')} aria-hidden>
            ›
          </span>
        </button>
        <div className="min-w-0 flex-1">
          <div className="flex flex-wrap items-center gap-2">
            <span className="truncate text-sm font-medium text-fg-strong" title={alert.name}>
              {alert.name}
            </span>
            <StatusBadge status={alert.status} />
          </div>
          <p className="mt-0.5 truncate text-xs text-muted">
            <span className="font-medium text-fg">
              {alert.symbol} · {alert.interval}
            </span>{' '}
            — {alert.description}
            {alert.expiresAt ? ` · expires ${formatDateTime(alert.expiresAt, timeZone)}` : ''}
          </p>
        </div>
        <div className="flex items-center justify-between gap-4 sm:justify-end">
          <button
            type="button"
            onClick={() => setOpen((o) => !o)}
            className="text-left text-xs text-muted hover:text-fg sm:w-36 sm:text-right"
            data-testid="alert-last-fire"
          >
            {alert.lastFiredAt ? (
              <>
                Fired {formatAgo(alert.lastFiredAt, timeZone)}
                <span className="block text-faint">
                  {alert.fireCount} {alert.fireCount === 1 ? 'fire' : 'fires'}
                </span>
              </>
            ) : (
              'Never fired'
            )}
          </button>
          <div className="flex items-center gap-1">
            <Button variant="ghost" size="sm" onClick={onEdit} aria-label={`Edit ${alert.name}`}>
              Edit
            </Button>
            {canPause ? (
              <Button
                variant="ghost"
                size="sm"
                loading={pause.isPending}
                onClick={() => pause.mutate({ id: alert.id })}
                aria-label={`Pause ${alert.name}`}
              >
                Pause
              </Button>
            ) : (
              <Button
                variant="ghost"
                size="sm"
                loading={resume.isPending}
                onClick={() => resume.mutate({ id: alert.id })}
                aria-label={`${alert.status === 'paused' ? 'Resume' : 'Restart'} ${alert.name}`}
              >
                {alert.status === 'paused' ? 'Resume' : 'Restart'}
              </Button>
            )}
            <Button
              variant="ghost"
              size="sm"
              className="hover:text-down"
              onClick={() => setConfirming(true)}
              aria-label={`Delete ${alert.name}`}
            >
              Delete
            </Button>
          </div>
        </div>
      </div>
      {open ? (
        <div className="border-t border-line bg-canvas/60 sm:pl-10">
          <AlertFires alertId={alert.id} />
        </div>
      ) : null}
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title="Delete this alert?"
        description={`“${alert.name}” and its log of ${alert.fireCount} ${alert.fireCount === 1 ? 'fire' : 'fires'} will be removed.`}
        confirmLabel="Delete"
        busy={remove.isPending}
        onConfirm={() => remove.mutate({ id: alert.id })}
      />
    </li>
  );
}
