// @coinview/exchange/signed: Binance's signed trading and account endpoints.
export {
  BinanceSignedClient,
  ORDER_DOES_NOT_EXIST,
  TIMESTAMP_OUTSIDE_RECV_WINDOW,
  type BinanceSignedClientOptions,
  type SignedCallOptions,
} from './signed/binance-signed-client';
export {
  accountSchema,
  accountTradeSchema,
  binanceOrderStatusSchema,
  canceledOrderSchema,
  placedOrderSchema,
  queriedOrderSchema,
  type Account,
  type AccountTrade,
  type BinanceOrderStatus,
  type CanceledOrder,
  type PlacedOrder,
  type QueriedOrder,
} from './signed/schemas';
export { ServerClock, type ServerClockOptions } from './signed/server-clock';
export { hmacSha256Hex, RequestSigner, type BinanceCredentials } from './signed/signature';
export { SIGNED_WEIGHTS } from './rest/weights';
