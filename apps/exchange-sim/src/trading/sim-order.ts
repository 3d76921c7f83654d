// The sim's order and trade records and how Binance writes them: the REST answers (ACK / RESULT /
// FULL on placement, the order object of GET/DELETE, myTrades rows) and the user data stream's
// `executionReport` and `outboundAccountPosition` events (user-data-stream.md).
import { formatUnits } from '../data/decimal';

export type Side = 'BUY' | 'SELL';
export type SimOrderType = 'MARKET' | 'LIMIT' | 'LIMIT_MAKER';
export type TimeInForce = 'GTC' | 'IOC' | 'FOK';
export type SimOrderStatus = 'NEW' | 'PARTIALLY_FILLED' | 'FILLED' | 'CANCELED' | 'EXPIRED';
export type ExecutionType = 'NEW' | 'TRADE' | 'CANCELED' | 'EXPIRED';
export type RespType = 'ACK' | 'RESULT' | 'FULL';

export interface SimOrder {
  symbol: string;
  orderId: number;
  clientOrderId: string;
  side: Side;
  type: SimOrderType;
  timeInForce: TimeInForce;
  /** 0 for MARKET. */
  price: bigint;
  origQty: bigint;
  origQuoteOrderQty: bigint;
  executedQty: bigint;
  cumQuote: bigint;
  status: SimOrderStatus;
  time: number;
  updateTime: number;
  /** What the order still holds locked, and in which asset. */
  lockAsset: string;
  locked: bigint;
  /** Sim time from which replayed trades may fill it (resting orders). */
  since: number;
}

export interface SimTrade {
  symbol: string;
  id: number;
  orderId: number;
  price: bigint;
  qty: bigint;
  quoteQty: bigint;
  commission: bigint;
  commissionAsset: string;
  time: number;
  isBuyer: boolean;
  isMaker: boolean;
}

const f = formatUnits;
const ZERO = '0.00000000';
const isOpen = (o: SimOrder) => o.status === 'NEW' || o.status === 'PARTIALLY_FILLED';

export function placementAnswer(o: SimOrder, fills: SimTrade[], resp: RespType) {
  const ack = {
    symbol: o.symbol,
    orderId: o.orderId,
    orderListId: -1,
    clientOrderId: o.clientOrderId,
    transactTime: o.time,
  };
  if (resp === 'ACK') return ack;
  const result = {
    ...ack,
    price: f(o.price),
    origQty: f(o.origQty),
    executedQty: f(o.executedQty),
    origQuoteOrderQty: f(o.origQuoteOrderQty),
    cummulativeQuoteQty: f(o.cumQuote),
    status: o.status,
    timeInForce: o.timeInForce,
    type: o.type,
    side: o.side,
    workingTime: o.time,
    selfTradePreventionMode: 'EXPIRE_MAKER',
  };
  if (resp === 'RESULT') return result;
  return {
    ...result,
    fills: fills.map((t) => ({
      price: f(t.price),
      qty: f(t.qty),
      commission: f(t.commission),
      commissionAsset: t.commissionAsset,
      tradeId: t.id,
    })),
  };
}

/** GET /api/v3/order, openOrders rows. */
export function orderAnswer(o: SimOrder) {
  return {
    symbol: o.symbol,
    orderId: o.orderId,
    orderListId: -1,
    clientOrderId: o.clientOrderId,
    price: f(o.price),
    origQty: f(o.origQty),
    executedQty: f(o.executedQty),
    cummulativeQuoteQty: f(o.cumQuote),
    status: o.status,
    timeInForce: o.timeInForce,
    type: o.type,
    side: o.side,
    stopPrice: ZERO,
    icebergQty: ZERO,
    time: o.time,
    updateTime: o.updateTime,
    isWorking: isOpen(o),
    workingTime: o.time,
    origQuoteOrderQty: f(o.origQuoteOrderQty),
    selfTradePreventionMode: 'EXPIRE_MAKER',
  };
}

/** DELETE /api/v3/order. */
export function cancelAnswer(o: SimOrder, cancelClientId: string, transactTime: number) {
  return {
    symbol: o.symbol,
    origClientOrderId: o.clientOrderId,
    orderId: o.orderId,
    orderListId: -1,
    clientOrderId: cancelClientId,
    transactTime,
    price: f(o.price),
    origQty: f(o.origQty),
    executedQty: f(o.executedQty),
    origQuoteOrderQty: f(o.origQuoteOrderQty),
    cummulativeQuoteQty: f(o.cumQuote),
    status: o.status,
    timeInForce: o.timeInForce,
    type: o.type,
    side: o.side,
    selfTradePreventionMode: 'EXPIRE_MAKER',
  };
}

export function tradeAnswer(t: SimTrade) {
  return {
    symbol: t.symbol,
    id: t.id,
    orderId: t.orderId,
    orderListId: -1,
    price: f(t.price),
    qty: f(t.qty),
    quoteQty: f(t.quoteQty),
    commission: f(t.commission),
    commissionAsset: t.commissionAsset,
    time: t.time,
    isBuyer: t.isBuyer,
    isMaker: t.isMaker,
    isBestMatch: true,
  };
}

export interface ExecutionReportInput {
  order: SimOrder;
  execution: ExecutionType;
  eventTime: number;
  trade?: SimTrade;
  /** CANCELED: the id of the cancel request; the order's own id goes to `C`. */
  cancelClientId?: string;
}

export function executionReport({
  order: o,
  execution,
  eventTime,
  trade,
  cancelClientId,
}: ExecutionReportInput) {
  return {
    e: 'executionReport',
    E: eventTime,
    s: o.symbol,
    c: cancelClientId ?? o.clientOrderId,
    S: o.side,
    o: o.type,
    f: o.timeInForce,
    q: f(o.origQty),
    p: f(o.price),
    P: ZERO,
    F: ZERO,
    g: -1,
    C: cancelClientId ? o.clientOrderId : '',
    x: execution,
    X: o.status,
    r: 'NONE',
    i: o.orderId,
    l: f(trade?.qty ?? 0n),
    z: f(o.executedQty),
    L: f(trade?.price ?? 0n),
    n: trade ? f(trade.commission) : '0',
    N: trade?.commissionAsset ?? null,
    T: trade?.time ?? o.updateTime,
    t: trade?.id ?? -1,
    I: o.orderId * 10 + (trade ? 1 : 0),
    w: o.status === 'NEW',
    m: trade?.isMaker ?? false,
    M: false,
    O: o.time,
    Z: f(o.cumQuote),
    Y: f(trade?.quoteQty ?? 0n),
    Q: f(o.origQuoteOrderQty),
    W: o.time,
    V: 'EXPIRE_MAKER',
  };
}

export function accountPosition(
  eventTime: number,
  updateTime: number,
  balances: { asset: string; free: string; locked: string }[],
) {
  return {
    e: 'outboundAccountPosition',
    E: eventTime,
    u: updateTime,
    B: balances.map((b) => ({ a: b.asset, f: b.free, l: b.locked })),
  };
}
