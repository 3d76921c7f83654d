// An order as the browser sees it: the ticket's open orders, the chart's fill markers, the orders
// page and its CSV all read this one shape. Money stays a decimal string end to end (never a JS
// number), times are epoch milliseconds, and nothing of the exchange key but its label is in it.
import type { OrderSide, OrderStatus, OrderType } from '@coinview/core/trading/order';

export interface FillView {
  tradeId: string;
  price: string;
  quantity: string;
  commission: string;
  commissionAsset: string;
  time: number;
  isMaker: boolean;
}

export type OrderSourceView =
  { kind: 'manual' } | { kind: 'alert'; ruleId: string | null; ruleName: string | null };

export type OrderAccountView =
  { kind: 'paper' } | { kind: 'binance'; keyId: string | null; label: string | null };

export interface OrderView {
  id: string;
  /** Binance's newClientOrderId, derived from the fire or the ticket: the audit trail's key. */
  clientOrderId: string;
  exchangeOrderId: string | null;
  createdAt: number;
  updatedAt: number;
  symbol: string;
  side: OrderSide;
  type: OrderType;
  status: OrderStatus;
  /** Limit price; null for market orders. */
  price: string | null;
  /** Base quantity asked for; null for a market order sized by its quote amount. */
  quantity: string | null;
  /** Quote amount asked for (market orders by total). */
  quoteOrderQty: string | null;
  executedQty: string;
  cummulativeQuoteQty: string;
  /** cummulativeQuoteQty / executedQty; null before the first fill. */
  averagePrice: string | null;
  /** Commission totals (null before the first fill). */
  fee: string | null;
  feeAsset: string | null;
  rejectReason: string | null;
  source: OrderSourceView;
  account: OrderAccountView;
  fills: FillView[];
}

/** Statuses in which an order may still be cancelled by the trader. */
export const CANCELLABLE: ReadonlySet<OrderStatus> = new Set([
  'PENDING',
  'NEW',
  'PARTIALLY_FILLED',
]);

/** Whether the order is still working on the exchange (or about to be sent). */
export function isOpen(status: OrderStatus): boolean {
  return CANCELLABLE.has(status) || status === 'UNKNOWN';
}
