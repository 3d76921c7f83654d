// Shapes of the signed REST answers (rest-api.md: trading and account endpoints). Only the fields we
// rely on are required; anything else Binance adds passes through untouched.
import { decimalString } from '@coinview/core/candle';
import { z } from 'zod';

/** Every order status Binance documents (PENDING_NEW for orders of an order list, *_CANCEL unused). */
export const binanceOrderStatusSchema = z.enum([
  'NEW',
  'PENDING_NEW',
  'PARTIALLY_FILLED',
  'FILLED',
  'CANCELED',
  'PENDING_CANCEL',
  'REJECTED',
  'EXPIRED',
  'EXPIRED_IN_MATCH',
]);
export type BinanceOrderStatus = z.infer<typeof binanceOrderStatusSchema>;

const sideSchema = z.enum(['BUY', 'SELL']);

/** `fills[]` of a FULL new-order answer. */
export const placementFillSchema = z.looseObject({
  price: decimalString,
  qty: decimalString,
  commission: decimalString,
  commissionAsset: z.string(),
  tradeId: z.number().int(),
});

const orderCoreShape = {
  symbol: z.string(),
  orderId: z.number().int(),
  clientOrderId: z.string(),
  price: decimalString,
  origQty: decimalString,
  executedQty: decimalString,
  cummulativeQuoteQty: decimalString,
  status: binanceOrderStatusSchema,
  timeInForce: z.string(),
  /** MARKET, LIMIT, LIMIT_MAKER, STOP_LOSS… (orders placed outside Coinview may be of any type). */
  type: z.string(),
  side: sideSchema,
};

/** POST /api/v3/order with newOrderRespType=FULL. */
export const placedOrderSchema = z.looseObject({
  ...orderCoreShape,
  transactTime: z.number().int(),
  fills: z.array(placementFillSchema).default([]),
});

/** GET /api/v3/order and each entry of GET /api/v3/openOrders. */
export const queriedOrderSchema = z.looseObject({
  ...orderCoreShape,
  time: z.number().int(),
  updateTime: z.number().int(),
  origQuoteOrderQty: decimalString.optional(),
});

/** DELETE /api/v3/order: `clientOrderId` is the cancel's own id, the order's is `origClientOrderId`. */
export const canceledOrderSchema = z.looseObject({
  ...orderCoreShape,
  origClientOrderId: z.string(),
  transactTime: z.number().int(),
});

export const accountSchema = z.looseObject({
  makerCommission: z.number(),
  takerCommission: z.number(),
  canTrade: z.boolean(),
  canWithdraw: z.boolean(),
  canDeposit: z.boolean(),
  updateTime: z.number().int(),
  accountType: z.string(),
  balances: z.array(
    z.looseObject({ asset: z.string(), free: decimalString, locked: decimalString }),
  ),
  permissions: z.array(z.string()),
});

/** GET /api/v3/myTrades. */
export const accountTradeSchema = z.looseObject({
  symbol: z.string(),
  id: z.number().int(),
  orderId: z.number().int(),
  price: decimalString,
  qty: decimalString,
  quoteQty: decimalString,
  commission: decimalString,
  commissionAsset: z.string(),
  time: z.number().int(),
  isBuyer: z.boolean(),
  isMaker: z.boolean(),
});

export type PlacedOrder = z.infer<typeof placedOrderSchema>;
export type QueriedOrder = z.infer<typeof queriedOrderSchema>;
export type CanceledOrder = z.infer<typeof canceledOrderSchema>;
export type Account = z.infer<typeof accountSchema>;
export type AccountTrade = z.infer<typeof accountTradeSchema>;
