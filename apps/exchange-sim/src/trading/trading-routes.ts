// The signed spot trading endpoints (rest-api.md "Trading endpoints" and "Account endpoints") with
// Binance's request weights. Each handler authenticates first (signed-request.ts), then asks the
// matching engine.
import { BinanceError, errors } from '../rest/binance-error';
import {
  integerParam,
  orderRef,
  parseNewOrder,
  required,
  clientIdParam,
  type Params,
} from './order-params';
import { type Clocks, authenticate, restSignedInput } from './signed-request';
import type { SimExchange } from './sim-exchange';
import { cancelAnswer, orderAnswer, placementAnswer, tradeAnswer } from './sim-order';

/** What the REST server hands a signed route. */
export interface SignedRestRequest {
  apiKey: string | undefined;
  rawQuery: string;
  rawBody: string;
}

export interface TradingRoute {
  weight: (params: Params) => number;
  handle: (req: SignedRestRequest) => unknown;
  /** The answer confirms a new order: the order-answer faults apply to it. */
  placesOrder?: boolean;
}

/** Signed params of a request, before authentication (weights are charged even if it fails). */
export function paramsOf(req: SignedRestRequest): Params {
  return restSignedInput(req.apiKey, req.rawQuery, req.rawBody).params;
}

export function createTradingRoutes(
  exchange: SimExchange,
  clocks: Clocks,
): Record<string, TradingRoute> {
  const signed = (req: SignedRestRequest) => {
    const input = restSignedInput(req.apiKey, req.rawQuery, req.rawBody);
    const account = authenticate(input, (k) => exchange.account(k), clocks);
    return { apiKey: account.apiKey, params: input.params, account };
  };
  const symbolOf = (params: Params) => {
    const symbol = required(params, 'symbol');
    if (!exchange.hasSymbol(symbol)) throw errors.invalidSymbol();
    return symbol;
  };
  const fixed = (w: number) => () => w;

  return {
    'POST /api/v3/order': {
      weight: fixed(1),
      placesOrder: true,
      handle(req) {
        const { apiKey, params } = signed(req);
        const order = parseNewOrder(params, (s) => exchange.hasSymbol(s));
        const { order: placed, fills } = exchange.place(apiKey, order);
        return placementAnswer(placed, fills, order.respType);
      },
    },
    'GET /api/v3/order': {
      weight: fixed(4),
      handle(req) {
        const { apiKey, params } = signed(req);
        return orderAnswer(exchange.get(apiKey, symbolOf(params), orderRef(params)));
      },
    },
    'DELETE /api/v3/order': {
      weight: fixed(1),
      handle(req) {
        const { apiKey, params } = signed(req);
        const symbol = symbolOf(params);
        const { order, cancelClientId, transactTime } = exchange.cancel(
          apiKey,
          symbol,
          orderRef(params),
          clientIdParam(params, 'newClientOrderId'),
        );
        return cancelAnswer(order, cancelClientId, transactTime);
      },
    },
    'GET /api/v3/openOrders': {
      weight: (params) => (params.get('symbol') ? 6 : 80),
      handle(req) {
        const { apiKey, params } = signed(req);
        const symbol = params.get('symbol') ? symbolOf(params) : undefined;
        return exchange.openOrders(apiKey, symbol).map(orderAnswer);
      },
    },
    'DELETE /api/v3/openOrders': {
      weight: fixed(1),
      handle(req) {
        const { apiKey, params } = signed(req);
        return exchange
          .cancelAll(apiKey, symbolOf(params))
          .map((c) => cancelAnswer(c.order, c.cancelClientId, c.transactTime));
      },
    },
    'GET /api/v3/allOrders': {
      weight: fixed(20),
      handle(req) {
        const { apiKey, params } = signed(req);
        const symbol = symbolOf(params);
        const orderId = integerParam(params, 'orderId');
        const startTime = integerParam(params, 'startTime');
        const endTime = integerParam(params, 'endTime');
        const limit = integerParam(params, 'limit') ?? 500;
        if (limit < 1 || limit > 1000) throw errors.invalidParam('limit');
        if (startTime !== undefined && endTime !== undefined && endTime - startTime > 86_400_000)
          throw new BinanceError(400, -1127, 'More than 24 hours between startTime and endTime.');
        let rows = exchange.allOrders(apiKey, symbol);
        if (orderId !== undefined) rows = rows.filter((o) => o.orderId >= orderId);
        if (startTime !== undefined) rows = rows.filter((o) => o.time >= startTime);
        if (endTime !== undefined) rows = rows.filter((o) => o.time <= endTime);
        rows =
          orderId !== undefined || startTime !== undefined
            ? rows.slice(0, limit)
            : rows.slice(-limit);
        return rows.map(orderAnswer);
      },
    },
    'GET /api/v3/account': {
      weight: fixed(20),
      handle(req) {
        const { account, params } = signed(req);
        const omitZero = params.get('omitZeroBalances');
        if (omitZero !== undefined && omitZero !== 'true' && omitZero !== 'false')
          throw errors.invalidParam('omitZeroBalances');
        return {
          makerCommission: 10,
          takerCommission: 10,
          buyerCommission: 0,
          sellerCommission: 0,
          commissionRates: {
            maker: '0.00100000',
            taker: '0.00100000',
            buyer: '0.00000000',
            seller: '0.00000000',
          },
          canTrade: account.canTrade,
          canWithdraw: false,
          canDeposit: false,
          brokered: false,
          requireSelfTradePrevention: false,
          preventSor: false,
          updateTime: account.updateTime,
          accountType: 'SPOT',
          balances: account.list(omitZero === 'true'),
          permissions: ['SPOT'],
          uid: account.uid,
        };
      },
    },
    'GET /api/v3/myTrades': {
      weight: (params) => (params.get('orderId') ? 5 : 20),
      handle(req) {
        const { apiKey, params } = signed(req);
        const symbol = symbolOf(params);
        const orderId = integerParam(params, 'orderId');
        const startTime = integerParam(params, 'startTime');
        const endTime = integerParam(params, 'endTime');
        const fromId = integerParam(params, 'fromId');
        const limit = integerParam(params, 'limit') ?? 500;
        if (limit < 1 || limit > 1000) throw errors.invalidParam('limit');
        if (fromId !== undefined && (startTime !== undefined || endTime !== undefined))
          throw errors.badCombination();
        if (startTime !== undefined && endTime !== undefined && endTime - startTime > 86_400_000)
          throw new BinanceError(400, -1127, 'More than 24 hours between startTime and endTime.');
        let rows = exchange.trades(apiKey, symbol);
        if (orderId !== undefined) rows = rows.filter((t) => t.orderId === orderId);
        if (fromId !== undefined) rows = rows.filter((t) => t.id >= fromId);
        if (startTime !== undefined) rows = rows.filter((t) => t.time >= startTime);
        if (endTime !== undefined) rows = rows.filter((t) => t.time <= endTime);
        // Binance: the oldest `limit` from fromId/startTime, else the most recent `limit`.
        rows =
          fromId !== undefined || startTime !== undefined
            ? rows.slice(0, limit)
            : rows.slice(-limit);
        return rows.map(tradeAnswer);
      },
    },
  };
}
