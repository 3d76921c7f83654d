'use client';
// The /orders page: the filterable, server-paginated order history with each order's fills, a CSV
// export of exactly what the filter shows, and the balances and positions of every account.
// Status changes arrive live (useOrderEvents) and refresh the page in place.
import { Button } from '@coinview/ui/button';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { FormAlert } from '~/components/form-alert';
import { useTimeZone } from '~/components/time-zone';
import { useTRPC, useTRPCClient } from '~/trpc/react';
import { BalancesPanel } from './balances-panel';
import { EMPTY_FILTER, type FilterDraft, OrderFilterBar, toFilter } from './order-filter-bar';
import { OrdersTable } from './orders-table';
import { useOrderEvents } from './use-order-events';

const PAGE_SIZE = 25;

export function OrdersView() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const timeZone = useTimeZone();
  const [draft, setDraft] = useState<FilterDraft>(EMPTY_FILTER);
  // The cursors of the pages before this one (the first page has none).
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<string | null>(null);
  const filter = toFilter(draft, timeZone);
  const cursor = cursors.at(-1);
  useOrderEvents();

  const orders = useQuery({
    ...trpc.orders.list.queryOptions({ ...filter, limit: PAGE_SIZE, cursor }),
    placeholderData: keepPreviousData,
  });
  const keys = useQuery(trpc.trading.keys.queryOptions());
  // Orders the worker was asked to cancel: their status follows over orders.live.
  const [requested, setRequested] = useState<ReadonlySet<string>>(new Set());
  const cancel = useMutation(
    trpc.orders.cancel.mutationOptions({
      onSuccess: ({ outcome, order }) => {
        if (outcome === 'requested') setRequested((r) => new Set(r).add(order.id));
      },
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.orders.pathKey() }),
    }),
  );

  const changeFilter = (next: FilterDraft) => {
    setDraft(next);
    setCursors([undefined]);
  };

  async function exportCsv() {
    setExporting(true);
    setExportError(null);
    try {
      const result = await client.orders.exportCsv.query(filter);
      const url = URL.createObjectURL(new Blob([result.csv], { type: 'text/csv;charset=utf-8' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = result.filename;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      if (result.truncated)
        setExportError(`Only the newest ${result.rows} orders were exported: narrow the filter.`);
    } catch (err) {
      setExportError(`Could not export: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      setExporting(false);
    }
  }

  const accounts = [
    { value: 'paper', label: 'Paper' },
    ...(keys.data ?? []).map((k) => ({
      value: `key:${k.id}`,
      label: `${k.label} ·${k.apiKeyLast4}`,
    })),
  ];

  return (
    <>
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold text-fg-strong">Orders</h1>
          <p className="mt-1 text-sm text-muted">
            Every order placed by hand or by an alert, on paper or on Binance, with its fills.
          </p>
        </div>
        <Button
          variant="secondary"
          loading={exporting}
          onClick={() => void exportCsv()}
          data-testid="export-csv"
        >
          Export CSV
        </Button>
      </div>
      {exportError ? (
        <div className="mt-3">
          <FormAlert tone="info">{exportError}</FormAlert>
        </div>
      ) : null}

      <div className="mt-6">
        <OrderFilterBar draft={draft} onChange={changeFilter} accounts={accounts} />
      </div>

      <section
        aria-label="Order history"
        aria-busy={orders.isFetching}
        className="mt-4 overflow-hidden rounded-lg border border-line bg-panel"
      >
        {orders.isPending ? (
          <div aria-label="Loading orders" className="space-y-2 p-4">
            {[0, 1, 2, 3].map((i) => (
              <div key={i} className="h-6 animate-pulse rounded bg-raised" />
            ))}
          </div>
        ) : orders.isError ? (
          <div className="p-5">
            <FormAlert>Could not load your orders: {orders.error.message}</FormAlert>
            <Button variant="secondary" className="mt-4" onClick={() => void orders.refetch()}>
              Retry
            </Button>
          </div>
        ) : orders.data.orders.length === 0 ? (
          <div className="flex flex-col items-center gap-2 px-6 py-14 text-center">
            <h2 className="text-base font-semibold text-fg-strong">
              {cursors.length === 1 && Object.keys(filter).length === 0
                ? 'No orders yet'
                : 'No orders match this filter'}
            </h2>
            <p className="max-w-sm text-sm text-muted">
              Place one from the order ticket on the chart, or give an alert an order action.
            </p>
          </div>
        ) : (
          <OrdersTable
            orders={orders.data.orders}
            cancelling={cancel.isPending ? (cancel.variables?.id ?? null) : null}
            requested={requested}
            onCancel={(order) => cancel.mutate({ id: order.id })}
          />
        )}
        {cancel.error ? (
          <div className="border-t border-line p-3">
            <FormAlert>{cancel.error.message}</FormAlert>
          </div>
        ) : null}
        <nav
          aria-label="Pages"
          className="flex items-center justify-between gap-3 border-t border-line px-4 py-2 text-sm text-muted"
        >
          <span>
            Page {cursors.length}
            {orders.data ? ` · ${orders.data.orders.length} of at most ${PAGE_SIZE}` : ''}
          </span>
          <div className="flex gap-2">
            <Button
              size="sm"
              variant="ghost"
              disabled={cursors.length === 1}
              onClick={() => setCursors((c) => c.slice(0, -1))}
            >
              Newer
            </Button>
            <Button
              size="sm"
              variant="ghost"
              disabled={!orders.data?.nextCursor}
              onClick={() => {
                const next = orders.data?.nextCursor;
                if (next) setCursors((c) => [...c, next]);
              }}
            >
              Older
            </Button>
          </div>
        </nav>
      </section>

      <BalancesPanel />
    </>
  );
}
