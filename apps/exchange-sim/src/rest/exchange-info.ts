// `GET /api/v3/exchangeInfo` (rest-api.md "Exchange information", filters.md): trading rules of the
// replayed symbols. Tick and lot sizes come from the recordings themselves (the grids their prices
// and quantities sit on, which for BTCUSDT and ETHUSDT are Binance's 0.01 / 0.00001 and
// 0.01 / 0.0001); the other values are Binance's usual ones for USDT spot pairs.
import { formatUnits } from '../data/decimal';
import type { MarketReplay } from '../replay/market-replay';
import { errors } from './binance-error';
import { parseSymbolsParam } from './symbols-param';
import { describeWindow } from './weight-limiter';

const QUOTE_ASSETS = ['USDT', 'USDC', 'FDUSD', 'TUSD', 'BUSD', 'BTC', 'ETH', 'BNB', 'EUR', 'TRY'];
const MIN_NOTIONAL: Record<string, string> = {
  BTC: '0.00010000',
  ETH: '0.00100000',
  BNB: '0.01000000',
};

export interface ExchangeInfoOptions {
  replay: MarketReplay;
  now: number;
  weightLimit: number;
  weightWindowMs: number;
}

function splitSymbol(symbol: string): [string, string] {
  const quote =
    QUOTE_ASSETS.find((q) => symbol.endsWith(q) && symbol.length > q.length) ?? symbol.slice(-4);
  return [symbol.slice(0, -quote.length), quote];
}

export function symbolInfo(replay: MarketReplay, symbol: string) {
  const [baseAsset, quoteAsset] = splitSymbol(symbol);
  const steps = replay.steps(symbol);
  const tick = formatUnits(steps.price);
  const lot = formatUnits(steps.volume);
  return {
    symbol,
    status: 'TRADING',
    baseAsset,
    baseAssetPrecision: 8,
    quoteAsset,
    quotePrecision: 8,
    quoteAssetPrecision: 8,
    baseCommissionPrecision: 8,
    quoteCommissionPrecision: 8,
    orderTypes: [
      'LIMIT',
      'LIMIT_MAKER',
      'MARKET',
      'STOP_LOSS',
      'STOP_LOSS_LIMIT',
      'TAKE_PROFIT',
      'TAKE_PROFIT_LIMIT',
    ],
    icebergAllowed: true,
    ocoAllowed: true,
    otoAllowed: true,
    quoteOrderQtyMarketAllowed: true,
    allowTrailingStop: true,
    cancelReplaceAllowed: true,
    amendAllowed: true,
    isSpotTradingAllowed: true,
    isMarginTradingAllowed: true,
    filters: [
      { filterType: 'PRICE_FILTER', minPrice: tick, maxPrice: '1000000.00000000', tickSize: tick },
      { filterType: 'LOT_SIZE', minQty: lot, maxQty: '9000.00000000', stepSize: lot },
      { filterType: 'ICEBERG_PARTS', limit: 10 },
      {
        filterType: 'MARKET_LOT_SIZE',
        minQty: '0.00000000',
        maxQty: '100.00000000',
        stepSize: '0.00000000',
      },
      {
        filterType: 'TRAILING_DELTA',
        minTrailingAboveDelta: 10,
        maxTrailingAboveDelta: 2000,
        minTrailingBelowDelta: 10,
        maxTrailingBelowDelta: 2000,
      },
      {
        filterType: 'PERCENT_PRICE_BY_SIDE',
        bidMultiplierUp: '5',
        bidMultiplierDown: '0.2',
        askMultiplierUp: '5',
        askMultiplierDown: '0.2',
        avgPriceMins: 5,
      },
      {
        filterType: 'NOTIONAL',
        minNotional: MIN_NOTIONAL[quoteAsset] ?? '5.00000000',
        applyMinToMarket: true,
        maxNotional: '9000000.00000000',
        applyMaxToMarket: false,
        avgPriceMins: 5,
      },
      { filterType: 'MAX_NUM_ORDERS', maxNumOrders: 200 },
      { filterType: 'MAX_NUM_ALGO_ORDERS', maxNumAlgoOrders: 5 },
    ],
    permissions: [] as string[],
    permissionSets: [['SPOT', 'MARGIN']],
    defaultSelfTradePreventionMode: 'EXPIRE_MAKER',
    allowedSelfTradePreventionModes: ['EXPIRE_TAKER', 'EXPIRE_MAKER', 'EXPIRE_BOTH', 'DECREMENT'],
  };
}

export function exchangeInfo(params: URLSearchParams, opts: ExchangeInfoOptions) {
  const { replay } = opts;
  const status = params.get('symbolStatus');
  if (status !== null && !['TRADING', 'HALT', 'BREAK'].includes(status))
    throw errors.invalidSymbolStatus();
  const { symbols = replay.symbols } = parseSymbolsParam(params, (s) => replay.has(s));
  // Everything here trades; asking for halted symbols finds none.
  const listed = status === null || status === 'TRADING' ? symbols : [];
  return {
    timezone: 'UTC',
    serverTime: opts.now,
    rateLimits: [
      {
        rateLimitType: 'REQUEST_WEIGHT',
        ...describeWindow(opts.weightWindowMs),
        limit: opts.weightLimit,
      },
      { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 100 },
      { rateLimitType: 'ORDERS', interval: 'DAY', intervalNum: 1, limit: 200000 },
      { rateLimitType: 'RAW_REQUESTS', interval: 'MINUTE', intervalNum: 5, limit: 61000 },
    ],
    exchangeFilters: [],
    symbols: listed.map((s) => symbolInfo(replay, s)),
  };
}
