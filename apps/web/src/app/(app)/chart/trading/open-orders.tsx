'use client';
// Under the chart: the user's orders on this symbol that are still working (sending, checking,
// open, partly filled), each with cancel. Refreshed live by order events (useOrderEvents, owned
// by the chart workspace).
import { Button } from '@coinview/ui/button';
import { formatDateTime } from '@coinview/core/time-zone';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { useTimeZone } from '~/components/time-zone';
import { CANCELLABLE } from '~/server/trading/order-view';
import { useTRPC } from '~/trpc/react';
import { formatAmount } from '../../orders/format';
import { OrderStatusBadge, SideLabel } from '../../orders/order-badges';

export function OpenOrders({ symbol }: { symbol: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const timeZone = useTimeZone();
  const open = useQuery(trpc.orders.list.queryOptions({ symbol, status: 'open', limit: 50 }));
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
  const orders = open.data?.orders ?? [];

  return (
    <section
      aria-labelledby="open-orders-title"
      data-testid="open-orders"
      className="max-h-48 shrink-0 overflow-y-auto border-t border-line bg-panel"
    >
      <div className="sticky top-0 flex items-center justify-between bg-panel px-3 py-1.5">
        <h2 id="open-orders-title" className="text-xs font-semibold text-fg-strong">
          Open orders · {symbol}
          {orders.length > 0 ? <span className="ml-1 text-muted">({orders.length})</span> : null}
        </h2>
        <Link href="/orders" className="text-xs text-accent hover:underline">
          All orders
        </Link>
      </div>
      {open.isPending ? (
        <p className="px-3 pb-2 text-xs text-muted">Loading…</p>
      ) : open.isError ? (
        <p role="alert" className="px-3 pb-2 text-xs text-down">
          Could not load open orders: {open.error.message}
        </p>
      ) : orders.length === 0 ? (
        <p className="px-3 pb-2 text-xs text-muted">No open orders on {symbol}.</p>
      ) : (
        <table className="w-full text-xs tabular-nums">
          <caption className="sr-only">Open orders on {symbol}</caption>
          <thead>
            <tr className="text-muted">
              <th scope="col" className="px-3 text-left font-medium">
                Time
              </th>
              <th scope="col" className="px-3 text-left font-medium">
                Side
              </th>
              <th scope="col" className="px-3 text-left font-medium">
                Type
              </th>
              <th scope="col" className="px-3 text-right font-medium">
                Price
              </th>
              <th scope="col" className="px-3 text-right font-medium">
                Quantity
              </th>
              <th scope="col" className="px-3 text-right font-medium">
                Filled
              </th>
              <th scope="col" className="px-3 text-left font-medium">
                Status
              </th>
              <th scope="col" className="px-3 text-left font-medium">
                Account
              </th>
              <th scope="col" className="px-3">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {orders.map((o) => (
              <tr key={o.id} data-testid="open-order" data-order-id={o.id} data-status={o.status}>
                <td className="px-3 py-1">{formatDateTime(o.createdAt, timeZone)}</td>
                <td className="px-3 py-1">
                  <SideLabel side={o.side} />
                </td>
                <td className="px-3 py-1">{o.type === 'MARKET' ? 'Market' : 'Limit'}</td>
                <td className="px-3 py-1 text-right">{formatAmount(o.price)}</td>
                <td className="px-3 py-1 text-right">
                  {formatAmount(o.quantity ?? o.quoteOrderQty)}
                </td>
                <td className="px-3 py-1 text-right">{formatAmount(o.executedQty)}</td>
                <td className="px-3 py-1">
                  <OrderStatusBadge status={o.status} />
                </td>
                <td className="px-3 py-1">
                  {o.account.kind === 'paper' ? 'Paper' : (o.account.label ?? 'Key')}
                </td>
                <td className="px-3 py-0.5 text-right">
                  {requested.has(o.id) ? (
                    <span className="text-muted" data-testid="cancelling">
                      Cancelling…
                    </span>
                  ) : CANCELLABLE.has(o.status) ? (
                    <Button
                      size="sm"
                      variant="ghost"
                      loading={cancel.isPending && cancel.variables?.id === o.id}
                      onClick={() => cancel.mutate({ id: o.id })}
                      aria-label={`Cancel ${o.side === 'BUY' ? 'buy' : 'sell'} ${formatAmount(o.quantity)} at ${formatAmount(o.price)}`}
                    >
                      Cancel
                    </Button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {cancel.error ? (
        <p role="alert" className="px-3 pb-2 text-xs text-down">
          {cancel.error.message}
        </p>
      ) : null}
    </section>
  );
}
