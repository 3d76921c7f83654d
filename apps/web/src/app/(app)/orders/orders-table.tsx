'use client';
// The order history table: one row per order with every column a trader audits (time, symbol,
// side, type, price, quantity, filled, average price, fee, status, source, account), a button that
// shows the order's fills under it, and cancel for orders still working.
import { Button } from '@coinview/ui/button';
import { formatDateTime } from '@coinview/core/time-zone';
import { Fragment, useState } from 'react';
import { useTimeZone } from '~/components/time-zone';
import { CANCELLABLE, type OrderView } from '~/server/trading/order-view';
import { formatAmount, withAsset } from './format';
import { OrderStatusBadge, SideLabel } from './order-badges';
import { AmountCell, amountColumns, HeaderCells, hiddenColumn, textColumns } from './table-cells';

const th = 'whitespace-nowrap px-3 py-2 text-xs font-medium text-muted';
const td = 'whitespace-nowrap px-3 py-2 text-sm tabular-nums';

const ORDER_COLUMNS = [
  hiddenColumn('Fills'),
  ...textColumns('Time', 'Symbol', 'Side', 'Type'),
  ...amountColumns('Price', 'Quantity', 'Filled', 'Avg. price', 'Fee'),
  ...textColumns('Status', 'Source', 'Account'),
  hiddenColumn('Actions'),
];
const FILL_COLUMNS = [
  ...textColumns('Time', 'Trade'),
  ...amountColumns('Price', 'Quantity', 'Fee'),
  ...textColumns('Role'),
];

export function sourceText(order: OrderView): string {
  return order.source.kind === 'manual' ? 'By hand' : (order.source.ruleName ?? 'Deleted alert');
}

export function accountText(order: OrderView): string {
  return order.account.kind === 'paper' ? 'Paper' : (order.account.label ?? 'Removed key');
}

export function OrdersTable({
  orders,
  onCancel,
  cancelling,
  requested,
}: {
  orders: OrderView[];
  onCancel: (order: OrderView) => void;
  cancelling: string | null;
  /** Orders the worker was asked to cancel (shown as cancelling until their status changes). */
  requested: ReadonlySet<string>;
}) {
  const timeZone = useTimeZone();
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const toggle = (id: string) =>
    setExpanded((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse" data-testid="orders-table">
        <caption className="sr-only">Your orders, newest first</caption>
        <thead className="border-b border-line bg-raised/40">
          <tr>
            <HeaderCells columns={ORDER_COLUMNS} className={th} />
          </tr>
        </thead>
        <tbody>
          {orders.map((order) => {
            const open = expanded.has(order.id);
            return (
              <Fragment key={order.id}>
                <tr
                  className="border-b border-line last:border-b-0 hover:bg-raised/30"
                  data-testid="order-row"
                  data-order-id={order.id}
                  data-status={order.status}
                >
                  <td className="px-2 py-2">
                    <button
                      type="button"
                      aria-expanded={open}
                      aria-label={`${open ? 'Hide' : 'Show'} fills of ${order.side === 'BUY' ? 'buy' : 'sell'} ${order.symbol}`}
                      disabled={order.fills.length === 0}
                      onClick={() => toggle(order.id)}
                      className="flex size-6 items-center justify-center rounded text-muted hover:bg-raised hover:text-fg disabled:opacity-30"
                    >
                      <span aria-hidden>{open ? '▾' : '▸'}</span>
                    </button>
                  </td>
                  <td className={td}>{formatDateTime(order.createdAt, timeZone)}</td>
                  <td className={`${td} font-medium text-fg-strong`}>{order.symbol}</td>
                  <td className={td}>
                    <SideLabel side={order.side} />
                  </td>
                  <td className={td}>{order.type === 'MARKET' ? 'Market' : 'Limit'}</td>
                  <AmountCell className={td} value={order.price} />
                  <td className={`${td} text-right`}>
                    {order.quantity
                      ? formatAmount(order.quantity)
                      : `${formatAmount(order.quoteOrderQty)} total`}
                  </td>
                  <AmountCell className={td} value={order.executedQty} />
                  <AmountCell className={td} value={order.averagePrice} />
                  <td className={`${td} text-right`}>{withAsset(order.fee, order.feeAsset)}</td>
                  <td className={td}>
                    <OrderStatusBadge
                      status={order.status}
                      title={order.rejectReason ?? undefined}
                    />
                    {order.rejectReason ? (
                      <span className="ml-2 inline-block max-w-56 truncate align-middle text-xs text-down">
                        {order.rejectReason}
                      </span>
                    ) : null}
                  </td>
                  <td className={`${td} max-w-48 truncate`}>{sourceText(order)}</td>
                  <td className={td}>{accountText(order)}</td>
                  <td className="px-3 py-1.5 text-right">
                    {requested.has(order.id) && CANCELLABLE.has(order.status) ? (
                      <span className="text-xs text-muted">Cancelling…</span>
                    ) : CANCELLABLE.has(order.status) ? (
                      <Button
                        size="sm"
                        variant="ghost"
                        loading={cancelling === order.id}
                        onClick={() => onCancel(order)}
                        aria-label={`Cancel ${order.side === 'BUY' ? 'buy' : 'sell'} ${order.symbol}`}
                      >
                        Cancel
                      </Button>
                    ) : null}
                  </td>
                </tr>
                {open ? (
                  <tr className="border-b border-line bg-canvas/60">
                    <td />
                    <td colSpan={ORDER_COLUMNS.length - 1} className="px-3 py-2">
                      <table
                        className="text-xs"
                        aria-label={`Fills of order ${order.clientOrderId}`}
                      >
                        <thead>
                          <tr className="text-muted">
                            <HeaderCells
                              columns={FILL_COLUMNS}
                              className="pr-6 font-medium last:pr-0"
                            />
                          </tr>
                        </thead>
                        <tbody className="tabular-nums">
                          {order.fills.map((f) => (
                            <tr key={f.tradeId} data-testid="fill-row">
                              <td className="pr-6">{formatDateTime(f.time, timeZone)}</td>
                              <td className="pr-6">{f.tradeId}</td>
                              <AmountCell className="pr-6" value={f.price} />
                              <AmountCell className="pr-6" value={f.quantity} />
                              <td className="pr-6 text-right">
                                {withAsset(f.commission, f.commissionAsset)}
                              </td>
                              <td>{f.isMaker ? 'Maker' : 'Taker'}</td>
                            </tr>
                          ))}
                        </tbody>
                      </table>
                    </td>
                  </tr>
                ) : null}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
