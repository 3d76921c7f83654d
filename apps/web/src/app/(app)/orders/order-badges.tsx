// Small pieces of an order shown wherever orders are listed (orders page, open orders under the
// chart): its status and its side, coloured the way a trader expects (buys green, sells red).
import type { OrderSide, OrderStatus } from '@coinview/core/trading/order';
import { cn } from '@coinview/ui/cn';

const STATUS_STYLE: Record<OrderStatus, string> = {
  PENDING: 'border-line-strong bg-raised text-muted',
  UNKNOWN: 'border-warn/40 bg-warn/10 text-warn',
  NEW: 'border-accent/40 bg-accent/10 text-accent',
  PARTIALLY_FILLED: 'border-accent/40 bg-accent/10 text-accent',
  FILLED: 'border-up/40 bg-up/10 text-up',
  CANCELED: 'border-line-strong bg-raised text-faint',
  REJECTED: 'border-down/40 bg-down/10 text-down',
  EXPIRED: 'border-line-strong bg-raised text-faint',
};

export const STATUS_LABEL: Record<OrderStatus, string> = {
  PENDING: 'Sending',
  UNKNOWN: 'Checking',
  NEW: 'Open',
  PARTIALLY_FILLED: 'Partly filled',
  FILLED: 'Filled',
  CANCELED: 'Cancelled',
  REJECTED: 'Rejected',
  EXPIRED: 'Expired',
};

export function OrderStatusBadge({ status, title }: { status: OrderStatus; title?: string }) {
  return (
    <span
      data-testid="order-status"
      data-status={status}
      title={title}
      className={cn(
        'inline-flex h-5 items-center whitespace-nowrap rounded border px-1.5 text-[11px] font-medium',
        STATUS_STYLE[status],
      )}
    >
      {STATUS_LABEL[status]}
    </span>
  );
}

export function SideLabel({ side }: { side: OrderSide }) {
  return (
    <span className={cn('font-medium', side === 'BUY' ? 'text-up' : 'text-down')}>
      {side === 'BUY' ? 'Buy' : 'Sell'}
    </span>
  );
}
