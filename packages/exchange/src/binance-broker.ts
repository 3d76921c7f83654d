// @coinview/exchange/binance-broker: core's Broker port over a user's Binance key.
export {
  BinanceBroker,
  createBinanceBroker,
  type BinanceBrokerConfig,
  type BinanceKeyCheck,
} from './binance-broker/binance-broker';
export {
  BINANCE_LIVE,
  BINANCE_TESTNET,
  binanceEndpoints,
  type BinanceEndpoints,
  type BinanceEnvironment,
} from './binance-broker/endpoints';
export {
  fillFromTrade,
  orderStateFromCanceled,
  orderStateFromPlaced,
  orderStateFromQueried,
  orderStatusOf,
  orderTypeOf,
} from './binance-broker/order-state';
