// Binance's SIGNED spot endpoints the product trades through: new order, cancel, query by client id,
// open orders, account and trade list. Each request carries `timestamp` (the exchange's clock, see
// server-clock.ts), `recvWindow` and `signature` = HMAC-SHA256 over the exact query string sent;
// the API key travels in the X-MBX-APIKEY header. Everything goes through the shared transport, so
// signed and public calls spend one weight budget.
//
// Placing and cancelling are sent at most once: a timeout, dropped connection or 5xx surfaces as
// BinanceUnavailableError and the caller looks the order up by its client id. The one resend is
// after -1021 (timestamp outside recvWindow), which proves the exchange refused the request: the
// clock is resynced and the request signed again.
import type { OrderRequest } from '@coinview/core/trading/order';
import type { z } from 'zod';
import { BinanceApiError, BinanceNotSentError, BinanceRestError } from '../rest/errors';
import { serverTimeSchema } from '../rest/schemas';
import { BinanceTransport, type BinanceTransportOptions, encodeQuery } from '../rest/transport';
import { SIGNED_WEIGHTS, WEIGHTS } from '../rest/weights';
import {
  type Account,
  type AccountTrade,
  type CanceledOrder,
  type PlacedOrder,
  type QueriedOrder,
  accountSchema,
  accountTradeSchema,
  canceledOrderSchema,
  placedOrderSchema,
  queriedOrderSchema,
} from './schemas';
import { ServerClock } from './server-clock';
import { type BinanceCredentials, RequestSigner } from './signature';

/** Binance's "Order does not exist." (query) */
export const ORDER_DOES_NOT_EXIST = -2013;
/** Binance's "Timestamp for this request is outside of the recvWindow." */
export const TIMESTAMP_OUTSIDE_RECV_WINDOW = -1021;

export interface BinanceSignedClientOptions {
  credentials: BinanceCredentials;
  /** A transport shared with other clients (one weight budget per IP), or options for a new one. */
  transport: BinanceTransport | BinanceTransportOptions;
  /** ms the exchange may accept the request after its timestamp (default 5000, at most 60 000). */
  recvWindow?: number;
  /** Local clock (tests). */
  now?: () => number;
}

export interface SignedCallOptions {
  signal?: AbortSignal;
}

type Params = Record<string, string | number | boolean | undefined>;

export class BinanceSignedClient {
  readonly transport: BinanceTransport;
  readonly clock: ServerClock;
  private readonly signer: RequestSigner;
  private readonly recvWindow: number;

  constructor(options: BinanceSignedClientOptions) {
    this.transport =
      options.transport instanceof BinanceTransport
        ? options.transport
        : new BinanceTransport(options.transport);
    this.signer = new RequestSigner(options.credentials);
    this.recvWindow = Math.min(60_000, Math.max(1, options.recvWindow ?? 5000));
    this.clock = new ServerClock({
      now: options.now,
      fetchServerTime: async (signal) =>
        (
          await this.transport.request({
            method: 'GET',
            path: '/api/v3/time',
            query: '',
            weight: WEIGHTS.time,
            schema: serverTimeSchema,
            signal,
          })
        ).serverTime,
    });
  }

  get apiKey(): string {
    return this.signer.apiKey;
  }

  /** `POST /api/v3/order` (FULL answer: fills included). Sent at most once; see the header. */
  placeOrder(order: OrderRequest, options: SignedCallOptions = {}): Promise<PlacedOrder> {
    return this.signed('POST', '/api/v3/order', SIGNED_WEIGHTS.newOrder, placedOrderSchema, {
      params: {
        symbol: order.symbol,
        side: order.side,
        type: order.type,
        timeInForce: order.type === 'LIMIT' ? (order.timeInForce ?? 'GTC') : undefined,
        quantity: order.quantity,
        quoteOrderQty: order.quoteOrderQty,
        price: order.type === 'LIMIT' ? order.price : undefined,
        newClientOrderId: order.clientOrderId,
        newOrderRespType: 'FULL',
      },
      once: true,
      signal: options.signal,
    });
  }

  /** `DELETE /api/v3/order` by the order's client id. Sent at most once. */
  cancelOrder(
    symbol: string,
    origClientOrderId: string,
    options: SignedCallOptions = {},
  ): Promise<CanceledOrder> {
    return this.signed('DELETE', '/api/v3/order', SIGNED_WEIGHTS.cancelOrder, canceledOrderSchema, {
      params: { symbol, origClientOrderId },
      once: true,
      signal: options.signal,
    });
  }

  /** `GET /api/v3/order` by client id; null when the exchange has no such order (-2013). */
  async queryOrder(
    symbol: string,
    origClientOrderId: string,
    options: SignedCallOptions = {},
  ): Promise<QueriedOrder | null> {
    try {
      return await this.signed(
        'GET',
        '/api/v3/order',
        SIGNED_WEIGHTS.queryOrder,
        queriedOrderSchema,
        {
          params: { symbol, origClientOrderId },
          signal: options.signal,
        },
      );
    } catch (err) {
      if (err instanceof BinanceApiError && err.code === ORDER_DOES_NOT_EXIST) return null;
      throw err;
    }
  }

  /** `GET /api/v3/openOrders` of one symbol, or of all (weight 80). */
  openOrders(symbol?: string, options: SignedCallOptions = {}): Promise<QueriedOrder[]> {
    return this.signed(
      'GET',
      '/api/v3/openOrders',
      symbol ? SIGNED_WEIGHTS.openOrdersOne : SIGNED_WEIGHTS.openOrdersAll,
      queriedOrderSchema.array(),
      { params: { symbol }, signal: options.signal },
    );
  }

  /** `GET /api/v3/account`: balances, `canTrade` and permissions. */
  account(options: SignedCallOptions & { omitZeroBalances?: boolean } = {}): Promise<Account> {
    return this.signed('GET', '/api/v3/account', SIGNED_WEIGHTS.account, accountSchema, {
      params: { omitZeroBalances: options.omitZeroBalances },
      signal: options.signal,
    });
  }

  /** `GET /api/v3/myTrades` of a symbol, or of one order of it (`orderId`, weight 5). */
  myTrades(
    symbol: string,
    options: SignedCallOptions & {
      orderId?: number;
      startTime?: number;
      endTime?: number;
      fromId?: number;
      limit?: number;
    } = {},
  ): Promise<AccountTrade[]> {
    const { signal, ...filters } = options;
    return this.signed(
      'GET',
      '/api/v3/myTrades',
      filters.orderId === undefined ? SIGNED_WEIGHTS.myTrades : SIGNED_WEIGHTS.myTradesOfOrder,
      accountTradeSchema.array(),
      { params: { symbol, ...filters }, signal },
    );
  }

  private async signed<T>(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    weight: number,
    schema: z.ZodType<T>,
    call: { params: Params; once?: boolean; signal?: AbortSignal },
  ): Promise<T> {
    if (this.clock.offset === undefined) await this.syncClock(path, call.signal);
    const send = () =>
      this.transport.request({
        method,
        path,
        query: () => this.signedQuery(call.params),
        weight,
        schema,
        headers: { 'X-MBX-APIKEY': this.signer.apiKey },
        retry: call.once ? 'never' : 'idempotent',
        signal: call.signal,
      });
    try {
      return await send();
    } catch (err) {
      if (!(err instanceof BinanceApiError && err.code === TIMESTAMP_OUTSIDE_RECV_WINDOW))
        throw err;
      await this.syncClock(path, call.signal);
      return send();
    }
  }

  // A clock that cannot be read means the request is not sent: say so, so that nobody takes an
  // order behind it for one that may exist.
  private async syncClock(path: string, signal?: AbortSignal): Promise<void> {
    try {
      await this.clock.sync(signal);
    } catch (err) {
      signal?.throwIfAborted();
      const status = err instanceof BinanceRestError ? err.status : 0;
      throw new BinanceNotSentError(
        `${path} not sent: the exchange's time could not be read (${err instanceof Error ? err.message : String(err)})`,
        status,
        undefined,
        undefined,
        { cause: err },
      );
    }
  }

  /** The query string with recvWindow, timestamp and, last, the signature over everything before it. */
  private signedQuery(params: Params): string {
    const query = encodeQuery({
      ...params,
      recvWindow: this.recvWindow,
      timestamp: this.clock.timestamp(),
    });
    return `${query}&signature=${this.signer.sign(query)}`;
  }
}
