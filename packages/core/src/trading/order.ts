// The order and fill records every part of trading shares: the paper broker and the Binance broker
// produce them, the database stores them, the web shows them. Money is a decimal string (Binance's
// own format, Postgres `numeric` in the database) and is only ever computed with decimal.js
// (`./money`), never with JavaScript numbers. Times are epoch milliseconds, as Binance sends them.
import { z } from 'zod';

export const orderSideSchema = z.enum(['BUY', 'SELL']);
export type OrderSide = z.infer<typeof orderSideSchema>;

export const orderTypeSchema = z.enum(['MARKET', 'LIMIT']);
export type OrderType = z.infer<typeof orderTypeSchema>;

/**
 * Binance's order statuses, plus two of our own before the exchange has answered:
 * - PENDING: recorded, not yet sent (a job will send it);
 * - UNKNOWN: sent, but the answer was lost (timeout, 5xx, crash). It is looked up by its client
 *   order id before anything else happens; it is never assumed failed and never sent again blindly.
 */
export const orderStatusSchema = z.enum([
  'PENDING',
  'UNKNOWN',
  'NEW',
  'PARTIALLY_FILLED',
  'FILLED',
  'CANCELED',
  'REJECTED',
  'EXPIRED',
]);
export type OrderStatus = z.infer<typeof orderStatusSchema>;

/** Statuses after which an order never changes again. */
export const FINAL_ORDER_STATUSES: ReadonlySet<OrderStatus> = new Set([
  'FILLED',
  'CANCELED',
  'REJECTED',
  'EXPIRED',
]);

/** Where an order goes: the user's paper account or one of the user's Binance keys. */
export type TradingAccountRef = { kind: 'paper' } | { kind: 'binance'; keyId: string };

/** What caused an order: the order ticket (by hand) or an alert rule's fire. */
export type OrderSource = { kind: 'manual' } | { kind: 'alert'; ruleId: string; fireId: string };

/**
 * An order as sent to a broker, after the symbol's filters were applied (quantity rounded down to
 * the step, price to the tick). Exactly one of `quantity` (base) and `quoteOrderQty` (quote, market
 * orders only) is set.
 */
export interface OrderRequest {
  /** Deterministic from the cause (the fire or the ticket): Binance's `newClientOrderId`. */
  clientOrderId: string;
  symbol: string;
  side: OrderSide;
  type: OrderType;
  quantity?: string;
  quoteOrderQty?: string;
  /** LIMIT only. */
  price?: string;
  /** LIMIT only; GTC is the only one the product sends. */
  timeInForce?: 'GTC';
}

/** One execution of an order (Binance's `fills[]` entry / executionReport trade). */
export interface OrderFill {
  /** Exchange trade id (paper: its own sequence), unique per symbol. */
  tradeId: string;
  price: string;
  quantity: string;
  commission: string;
  commissionAsset: string;
  time: number;
  isMaker: boolean;
}

/** What the broker knows about one order (Binance's order object, normalised). */
export interface OrderState {
  clientOrderId: string;
  /** Binance's orderId (paper: its own); null while unknown. */
  exchangeOrderId: string | null;
  symbol: string;
  side: OrderSide;
  type: OrderType;
  status: OrderStatus;
  /** Limit price; null for market orders. */
  price: string | null;
  origQty: string;
  executedQty: string;
  cummulativeQuoteQty: string;
  /** Fills known so far (may be empty when the broker reports only totals). */
  fills: OrderFill[];
  /** When the exchange created the order (ms). */
  time: number;
  updateTime: number;
}

export interface AssetBalance {
  asset: string;
  free: string;
  locked: string;
}
