// @coinview/exchange/rest: the Binance spot REST client and history pagination.
export {
  BinanceRestClient,
  parseRetryAfter,
  type BinanceRestClientOptions,
  type CallOptions,
  type KlinesOptions,
  type RestClientStats,
  type RestLogger,
} from './rest/binance-rest-client';
export {
  BinanceTransport,
  encodeQuery,
  type BinanceTransportOptions,
  type TransportRequest,
  type TransportStats,
} from './rest/transport';
export {
  BinanceApiError,
  BinanceBudgetSpentError,
  BinanceNotSentError,
  BinanceRateLimitError,
  BinanceResponseError,
  BinanceRestError,
  BinanceUnavailableError,
} from './rest/errors';
export {
  MAX_PAGE_SIZE,
  firstBarAtOrAfter,
  klinePages,
  type KlinePagesOptions,
} from './rest/kline-pages';
export {
  exchangeInfoSchema,
  symbolFilters,
  ticker24hSchema,
  type ExchangeInfo,
  type ExchangeSymbol,
  type LotSizeFilter,
  type NotionalFilter,
  type PriceFilter,
  type RateLimit,
  type SymbolFilter,
  type Ticker24h,
} from './rest/schemas';
export { DEFAULT_MAX_WEIGHT_PER_MINUTE, ticker24hWeight, WEIGHTS } from './rest/weights';
