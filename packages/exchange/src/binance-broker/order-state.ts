// Binance's order answers normalised to core's OrderState/OrderFill, so the Binance broker produces
// the same records as the paper broker.
import type { OrderFill, OrderState, OrderStatus, OrderType } from '@coinview/core/trading/order';
import type {
  AccountTrade,
  BinanceOrderStatus,
  CanceledOrder,
  PlacedOrder,
  QueriedOrder,
} from '../signed/schemas';

/** Binance's statuses onto ours: PENDING_NEW is an accepted order, EXPIRED_IN_MATCH an expired one. */
export function orderStatusOf(status: BinanceOrderStatus): OrderStatus {
  switch (status) {
    case 'PENDING_NEW':
    case 'PENDING_CANCEL':
      return 'NEW';
    case 'EXPIRED_IN_MATCH':
      return 'EXPIRED';
    default:
      return status;
  }
}

/** MARKET and LIMIT (LIMIT_MAKER is a limit order); null for the types Coinview does not trade. */
export function orderTypeOf(type: string): OrderType | null {
  if (type === 'MARKET') return 'MARKET';
  if (type === 'LIMIT' || type === 'LIMIT_MAKER') return 'LIMIT';
  return null;
}

function base(
  o: PlacedOrder | QueriedOrder | CanceledOrder,
  clientOrderId: string,
  type: OrderType,
) {
  return {
    clientOrderId,
    exchangeOrderId: String(o.orderId),
    symbol: o.symbol,
    side: o.side,
    type,
    status: orderStatusOf(o.status),
    price: type === 'LIMIT' ? o.price : null,
    origQty: o.origQty,
    executedQty: o.executedQty,
    cummulativeQuoteQty: o.cummulativeQuoteQty,
  };
}

/** A FULL new-order answer: its fills are taker fills (they matched on arrival). */
export function orderStateFromPlaced(o: PlacedOrder, type: OrderType): OrderState {
  return {
    ...base(o, o.clientOrderId, type),
    fills: o.fills.map((f) => ({
      tradeId: String(f.tradeId),
      price: f.price,
      quantity: f.qty,
      commission: f.commission,
      commissionAsset: f.commissionAsset,
      time: o.transactTime,
      isMaker: false,
    })),
    time: o.transactTime,
    updateTime: o.transactTime,
  };
}

export function orderStateFromQueried(
  o: QueriedOrder,
  type: OrderType,
  fills: OrderFill[] = [],
): OrderState {
  return { ...base(o, o.clientOrderId, type), fills, time: o.time, updateTime: o.updateTime };
}

/** A cancel answer: the order's own client id is `origClientOrderId`. */
export function orderStateFromCanceled(o: CanceledOrder, type: OrderType): OrderState {
  return {
    ...base(o, o.origClientOrderId, type),
    fills: [],
    time: o.transactTime,
    updateTime: o.transactTime,
  };
}

export function fillFromTrade(t: AccountTrade): OrderFill {
  return {
    tradeId: String(t.id),
    price: t.price,
    quantity: t.qty,
    commission: t.commission,
    commissionAsset: t.commissionAsset,
    time: t.time,
    isMaker: t.isMaker,
  };
}
