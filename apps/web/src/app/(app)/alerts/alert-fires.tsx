'use client';
// An alert's log of fires (newest first) with each channel's delivery state: what was sent, what
// is being retried and what failed with which error.
import { trimDecimal } from '@coinview/core/candle';
import { useQuery } from '@tanstack/react-query';
import { useTimeZone } from '~/components/time-zone';
import { useTRPC } from '~/trpc/react';
import { formatDateTime } from './format';
import { DeliveryBadge } from './status-badge';

export function AlertFires({ alertId }: { alertId: string }) {
  const timeZone = useTimeZone();
  const trpc = useTRPC();
  const fires = useQuery({
    ...trpc.alerts.fires.queryOptions({ id: alertId, limit: 50 }),
    // Deliveries move on their own (retries, the worker): keep the open log fresh.
    refetchInterval: 5000,
  });

  if (fires.isPending) return <p className="px-4 py-3 text-sm text-muted">Loading the log…</p>;
  if (fires.isError)
    return (
      <p role="alert" className="px-4 py-3 text-sm text-down">
        Could not load the log: {fires.error.message}{' '}
        <button type="button" className="underline" onClick={() => void fires.refetch()}>
          Retry
        </button>
      </p>
    );
  if (fires.data.length === 0)
    return <p className="px-4 py-3 text-sm text-muted">This alert has not fired yet.</p>;

  return (
    <ol className="divide-y divide-line" aria-label="Fires" data-testid="alert-fires">
      {fires.data.map((fire) => (
        <li key={fire.id} className="flex flex-col gap-1 px-4 py-2.5" data-testid="alert-fire">
          <div className="flex flex-wrap items-baseline gap-x-3 gap-y-0.5 text-sm">
            <time className="tabular-nums text-fg" dateTime={new Date(fire.firedAt).toISOString()}>
              {formatDateTime(fire.firedAt, timeZone)}
            </time>
            <span className="tabular-nums text-muted">@ {trimDecimal(fire.price)}</span>
            <span className="text-xs text-faint">
              {fire.trigger === 'intrabar' ? 'intrabar' : 'bar close'} · bar{' '}
              {formatDateTime(fire.barTime, timeZone)}
            </span>
          </div>
          <p className="text-sm text-fg-strong">{fire.message}</p>
          <div className="flex flex-wrap gap-x-4 gap-y-1">
            {fire.deliveries.map((d) => (
              <DeliveryBadge key={d.channel} {...d} />
            ))}
            {fire.deliveries.length === 0 ? (
              <span className="text-xs text-faint">No channel was enabled</span>
            ) : null}
          </div>
        </li>
      ))}
    </ol>
  );
}
