// Reading orders for the browser: the repository's views (every query scoped by the user) turned
// into OrderView, the shape the ticket, the chart and the orders page share.
import type { Db } from '@coinview/db/client';
import {
  getOrder,
  InvalidCursorError,
  listOrders,
  OPEN_ORDER_STATUSES,
  type OrderView as StoredOrder,
} from '@coinview/db/orders';
import { listUserFills } from '@coinview/db/order-fills';
import type { ChartFill } from '@coinview/ui/fill-markers';
import { TRPCError } from '@trpc/server';
import type { OrderFilterInput } from './order-inputs';
import type { OrderView } from './order-view';

export function toOrderView(o: StoredOrder): OrderView {
  return {
    id: o.id,
    clientOrderId: o.clientOrderId,
    exchangeOrderId: o.exchangeOrderId,
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
    symbol: o.symbol,
    side: o.side,
    type: o.type,
    status: o.status,
    price: o.price,
    quantity: o.origQty,
    quoteOrderQty: o.quoteOrderQty,
    executedQty: o.executedQty,
    cummulativeQuoteQty: o.cummulativeQuoteQty,
    averagePrice: o.avgPrice,
    fee: o.fee,
    feeAsset: o.feeAsset,
    rejectReason: o.rejectReason,
    source:
      o.source.kind === 'manual'
        ? { kind: 'manual' }
        : { kind: 'alert', ruleId: o.source.ruleId, ruleName: o.source.ruleName },
    account:
      o.account.kind === 'paper'
        ? { kind: 'paper' }
        : { kind: 'binance', keyId: o.account.keyId, label: o.account.label },
    fills: o.fills ?? [],
  };
}

export async function listOrderViews(
  db: Db,
  userId: string,
  input: OrderFilterInput & { limit: number; cursor?: string },
): Promise<{ orders: OrderView[]; nextCursor: string | null }> {
  const { limit, cursor, status, ...filter } = input;
  try {
    const page = await listOrders(
      db,
      userId,
      {
        ...filter,
        ...(status ? { status: status === 'open' ? [...OPEN_ORDER_STATUSES] : [status] } : {}),
      },
      { limit, cursor },
    );
    return { orders: page.orders.map(toOrderView), nextCursor: page.nextCursor };
  } catch (err) {
    if (err instanceof InvalidCursorError)
      throw new TRPCError({ code: 'BAD_REQUEST', message: err.message });
    throw err;
  }
}

export async function orderView(db: Db, userId: string, id: string): Promise<OrderView> {
  const order = await getOrder(db, userId, id);
  if (!order) throw new TRPCError({ code: 'NOT_FOUND', message: 'No such order.' });
  return toOrderView(order);
}

/**
 * The user's newest 500 fills on a symbol, for the chart's markers (oldest first), each with its
 * order's id: the chart draws an order's fills on one bar as one marker.
 */
export async function listChartFills(db: Db, userId: string, symbol: string): Promise<ChartFill[]> {
  const fills = await listUserFills(db, userId, { symbol, limit: 500 });
  return fills.map((f) => ({
    id: `${f.orderId}:${f.tradeId}`,
    orderId: f.orderId,
    side: f.side,
    time: f.time,
    price: f.price,
    quantity: f.quantity,
  }));
}
