'use client';
// The /alerts page: every alert of the user with its state, last fire and log, and the dialog to
// create or edit one. Loading, error and empty states keep the page's shape.
import { Button } from '@coinview/ui/button';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { FormAlert } from '~/components/form-alert';
import { useTimeZone } from '~/components/time-zone';
import { useTRPC } from '~/trpc/react';
import { AlertDialog } from './alert-dialog';
import { AlertRow } from './alert-row';
import { definitionToDraft, emptyDraft, type RuleDraft } from './rule-draft';

type Editing = { draft: RuleDraft; id?: string; orderAction?: unknown } | null;

export function AlertsView() {
  const timeZone = useTimeZone();
  const trpc = useTRPC();
  const alerts = useQuery({
    ...trpc.alerts.list.queryOptions(),
    // A fire changes status/last fire without this tab doing anything.
    refetchInterval: 15_000,
  });
  const [editing, setEditing] = useState<Editing>(null);
  const create = () => setEditing({ draft: emptyDraft('BTCUSDT', '1h') });

  return (
    <>
      <div className="flex items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold text-fg-strong">Alerts</h1>
          <p className="mt-1 text-sm text-muted">
            Conditions on price and indicators, watched live on the exchange.
          </p>
        </div>
        {alerts.data && alerts.data.length > 0 ? (
          <Button onClick={create} className="shrink-0 whitespace-nowrap">
            Create alert
          </Button>
        ) : null}
      </div>

      <section
        className="mt-6 overflow-hidden rounded-lg border border-line bg-panel"
        aria-label="Your alerts"
      >
        {alerts.isPending ? (
          <ul aria-busy="true" aria-label="Loading alerts">
            {[0, 1, 2].map((i) => (
              <li
                key={i}
                className="flex items-center gap-4 border-b border-line px-4 py-4 last:border-b-0"
              >
                <div className="flex-1 space-y-2">
                  <div className="h-3.5 w-48 animate-pulse rounded bg-raised" />
                  <div className="h-3 w-72 max-w-full animate-pulse rounded bg-raised" />
                </div>
                <div className="h-7 w-32 animate-pulse rounded bg-raised" />
              </li>
            ))}
          </ul>
        ) : alerts.isError ? (
          <div className="p-5">
            <FormAlert>Could not load your alerts: {alerts.error.message}</FormAlert>
            <Button variant="secondary" className="mt-4" onClick={() => void alerts.refetch()}>
              Retry
            </Button>
          </div>
        ) : alerts.data.length === 0 ? (
          <div className="flex flex-col items-center gap-3 px-6 py-14 text-center">
            <div
              aria-hidden
              className="flex h-12 w-12 items-center justify-center rounded-full bg-raised text-xl text-accent"
            >
              <svg width="22" height="22" viewBox="0 0 24 24" fill="none">
                <path
                  d="M6 16V11a6 6 0 1 1 12 0v5l1.5 2h-15L6 16Z M10 20a2 2 0 0 0 4 0"
                  stroke="currentColor"
                  strokeWidth="1.6"
                  strokeLinejoin="round"
                />
              </svg>
            </div>
            <h2 className="text-base font-semibold text-fg-strong">No alerts yet</h2>
            <p className="max-w-sm text-sm text-muted">
              Get told the moment a price or an indicator crosses a level — in the app, by email or
              on your webhook. You can also create one from the chart.
            </p>
            <Button onClick={create}>Create alert</Button>
          </div>
        ) : (
          <ul aria-label="Alerts">
            {alerts.data.map((alert) => (
              <AlertRow
                key={alert.id}
                alert={alert}
                onEdit={() => {
                  const draft = definitionToDraft(
                    alert.definition,
                    {
                      name: alert.name,
                      message: alert.message,
                      notifyEmail: alert.notifyEmail,
                      notifyInApp: alert.notifyInApp,
                      notifyWebhook: alert.notifyWebhook,
                      notifyTelegram: alert.notifyTelegram,
                    },
                    timeZone,
                  );
                  if (draft) setEditing({ draft, id: alert.id, orderAction: alert.orderAction });
                }}
              />
            ))}
          </ul>
        )}
      </section>

      <AlertDialog
        open={editing !== null}
        onOpenChange={(open) => !open && setEditing(null)}
        initial={editing?.draft ?? emptyDraft('BTCUSDT', '1h')}
        alertId={editing?.id}
        initialOrderAction={editing?.orderAction}
      />
    </>
  );
}
