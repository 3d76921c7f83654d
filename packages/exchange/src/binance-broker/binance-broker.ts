// The Binance side of core's Broker port: one user's API key on live, testnet or the sim. It turns
// each exchange answer into what exactly-once placement needs to know (core/trading/broker.ts):
// - an order answer → accepted;
// - a Binance error that proves nothing was placed (4xx with a code, 429/418, our own weight budget
//   spent before sending) → rejected, with a trader's sentence and whether a retry may help;
// - a timeout, a dropped connection, a 5xx, -1006/-1007, or a 200 we cannot read → unknown: the
//   caller must look the order up by its client id.
// A "Duplicate order sent." refusal means the client id belongs to an open order: the broker looks
// it up and answers with that order. Binance keeps client ids unique among OPEN orders only, so a
// filled or cancelled order's id can be used again: after `unknown` the caller must `query` first
// and place again only when the exchange has no such order (core/trading/broker.ts).
import type { Broker, CancelResult, PlaceResult } from '@coinview/core/trading/broker';
import { explainBinanceError } from '@coinview/core/trading/binance-errors';
import type { AssetBalance, OrderRequest, OrderState } from '@coinview/core/trading/order';
import { BinanceApiError, BinanceBudgetSpentError, BinanceRateLimitError } from '../rest/errors';
import type { BinanceTransport, BinanceTransportOptions } from '../rest/transport';
import { BinanceSignedClient } from '../signed/binance-signed-client';
import type { Account } from '../signed/schemas';
import type { BinanceCredentials } from '../signed/signature';
import { type BinanceEnvironment, binanceEndpoints } from './endpoints';
import {
  fillFromTrade,
  orderStateFromCanceled,
  orderStateFromPlaced,
  orderStateFromQueried,
  orderTypeOf,
} from './order-state';

export interface BinanceKeyCheck {
  canTrade: boolean;
  permissions: string[];
  balances: AssetBalance[];
}

export class BinanceBroker implements Broker {
  constructor(readonly client: BinanceSignedClient) {}

  async place(request: OrderRequest): Promise<PlaceResult> {
    try {
      const placed = await this.client.placeOrder(request);
      return { outcome: 'accepted', order: orderStateFromPlaced(placed, request.type) };
    } catch (err) {
      const failure = failureOf(err, request.symbol);
      if (failure.outcome === 'duplicate') return this.alreadyPlaced(request);
      return failure;
    }
  }

  async cancel(symbol: string, clientOrderId: string): Promise<CancelResult> {
    try {
      const canceled = await this.client.cancelOrder(symbol, clientOrderId);
      return {
        outcome: 'canceled',
        order: orderStateFromCanceled(canceled, orderTypeOf(canceled.type) ?? 'LIMIT'),
      };
    } catch (err) {
      const failure = failureOf(err, symbol);
      if (failure.outcome === 'rejected')
        return { outcome: 'rejected', code: failure.code, message: failure.message };
      return {
        outcome: 'unknown',
        reason: failure.outcome === 'unknown' ? failure.reason : 'duplicate',
      };
    }
  }

  /** The order by client id, with its fills when any; null when the exchange has none. Throws when it cannot tell. */
  async query(symbol: string, clientOrderId: string): Promise<OrderState | null> {
    const order = await this.client.queryOrder(symbol, clientOrderId);
    if (!order) return null;
    const type = orderTypeOf(order.type) ?? 'LIMIT';
    if (order.executedQty.replace(/[0.]/g, '') === '') return orderStateFromQueried(order, type);
    const trades = await this.client.myTrades(symbol, { orderId: order.orderId });
    return orderStateFromQueried(order, type, trades.map(fillFromTrade));
  }

  /** Open MARKET/LIMIT orders (orders of other types placed elsewhere are left out). */
  async openOrders(symbol?: string): Promise<OrderState[]> {
    const orders = await this.client.openOrders(symbol);
    return orders.flatMap((o) => {
      const type = orderTypeOf(o.type);
      return type ? [orderStateFromQueried(o, type)] : [];
    });
  }

  async balances(): Promise<AssetBalance[]> {
    return balancesOf(await this.client.account({ omitZeroBalances: true }));
  }

  /** The check made when a key is saved: a signed account request, and whether it may trade. */
  async checkKey(): Promise<BinanceKeyCheck> {
    const account = await this.client.account({ omitZeroBalances: true });
    return {
      canTrade: account.canTrade,
      permissions: account.permissions,
      balances: balancesOf(account),
    };
  }

  private async alreadyPlaced(request: OrderRequest): Promise<PlaceResult> {
    try {
      const existing = await this.query(request.symbol, request.clientOrderId);
      if (existing) return { outcome: 'accepted', order: existing };
      return {
        outcome: 'unknown',
        reason: 'Binance reports a duplicate client id but has no such order yet',
      };
    } catch (err) {
      return { outcome: 'unknown', reason: `duplicate client id; lookup failed: ${reason(err)}` };
    }
  }
}

export interface BinanceBrokerConfig {
  environment: BinanceEnvironment;
  credentials: BinanceCredentials;
  /** The exchange-sim's REST base, for keys whose environment is `sim`. */
  simRestUrl?: string;
  /** Share a transport (one weight budget per IP and base URL), or tune a new one. */
  transport?: BinanceTransport | Omit<BinanceTransportOptions, 'baseUrl'>;
  recvWindow?: number;
}

/** A broker for one key, talking to the base URL its environment names. */
export function createBinanceBroker(config: BinanceBrokerConfig): BinanceBroker {
  const { restUrl } = binanceEndpoints(config.environment, config.simRestUrl);
  const transport =
    config.transport && 'request' in config.transport
      ? config.transport
      : { ...config.transport, baseUrl: restUrl };
  return new BinanceBroker(
    new BinanceSignedClient({
      credentials: config.credentials,
      transport,
      recvWindow: config.recvWindow,
    }),
  );
}

function balancesOf(account: Account): AssetBalance[] {
  return account.balances.map((b) => ({ asset: b.asset, free: b.free, locked: b.locked }));
}

type Failure =
  | { outcome: 'rejected'; code: number | null; message: string; retryable: boolean }
  | { outcome: 'unknown'; reason: string }
  | { outcome: 'duplicate' };

// What a failed request proves, by core's table of Binance's codes (core/trading/binance-errors.ts).
function failureOf(err: unknown, symbol: string): Failure {
  if (err instanceof BinanceBudgetSpentError)
    return {
      outcome: 'rejected',
      code: null,
      message: 'Too many requests to Binance right now; the order was not sent.',
      retryable: true,
    };
  if (err instanceof BinanceRateLimitError || err instanceof BinanceApiError) {
    if (err.code === undefined) {
      // A 4xx without Binance's body (a WAF 403, a proxy): refused before the matching engine,
      // except a 408 request timeout, which says nothing about what happened.
      if (err.status === 408) return { outcome: 'unknown', reason: err.message };
      return {
        outcome: 'rejected',
        code: null,
        message: `Binance refused the request (HTTP ${err.status}).`,
        retryable: err instanceof BinanceRateLimitError,
      };
    }
    const meaning = explainBinanceError(err.code, err.msg ?? '', { symbol });
    if (meaning.duplicate) return { outcome: 'duplicate' };
    if (!meaning.placedNothing) return { outcome: 'unknown', reason: err.message };
    return {
      outcome: 'rejected',
      code: err.code,
      message: meaning.message,
      retryable: meaning.retry !== null || err instanceof BinanceRateLimitError,
    };
  }
  // 5xx (with -1006/-1007 or none), network failure, timeout, unreadable 200, abort: the exchange
  // may have acted on it.
  return { outcome: 'unknown', reason: reason(err) };
}

function reason(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
