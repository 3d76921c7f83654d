// The orders page's CSV export: the rows the filter shows, one line per order, with Binance's
// column names where one exists, amounts as the exact decimal strings stored, times in ISO-8601
// UTC (a spreadsheet's time zone is its own). csv-stringify quotes what needs quoting, and cells
// that a spreadsheet would run as a formula (an alert's name starting with "=") are defused.
import { stringify } from 'csv-stringify/sync';
import type { OrderView } from './order-view';

const COLUMNS = [
  'time',
  'symbol',
  'side',
  'type',
  'price',
  'quantity',
  'quoteOrderQty',
  'executedQty',
  'averagePrice',
  'fee',
  'feeAsset',
  'status',
  'source',
  'account',
  'clientOrderId',
  'rejectReason',
] as const;

/** A cell a spreadsheet would evaluate (=, +, -, @, tab, CR) gets a leading apostrophe. */
function safeText(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

export function sourceLabel(order: Pick<OrderView, 'source'>): string {
  return order.source.kind === 'manual'
    ? 'manual'
    : `alert: ${order.source.ruleName ?? 'deleted alert'}`;
}

export function accountLabel(order: Pick<OrderView, 'account'>): string {
  return order.account.kind === 'paper'
    ? 'paper'
    : `binance: ${order.account.label ?? 'removed key'}`;
}

export function ordersCsv(orders: readonly OrderView[]): string {
  return stringify(
    orders.map((o) => [
      new Date(o.createdAt).toISOString(),
      o.symbol,
      o.side,
      o.type,
      o.price ?? '',
      o.quantity ?? '',
      o.quoteOrderQty ?? '',
      o.executedQty,
      o.averagePrice ?? '',
      o.fee ?? '',
      o.feeAsset ?? '',
      o.status,
      safeText(sourceLabel(o)),
      safeText(accountLabel(o)),
      o.clientOrderId,
      safeText(o.rejectReason ?? ''),
    ]),
    { header: true, columns: [...COLUMNS], record_delimiter: '\r\n' },
  );
}
