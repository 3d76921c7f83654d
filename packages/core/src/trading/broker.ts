// The one port every order goes through. The paper broker (worker, backed by Postgres) and the
// Binance broker (signed REST + the WebSocket API user data stream) implement it; alert actions, the
// order ticket and reconciliation only ever see this interface.
import type { AssetBalance, OrderRequest, OrderState } from './order';

/**
 * The answer to `place`. The three outcomes are what exactly-once placement needs to know:
 * - accepted: the exchange has the order;
 * - rejected: the exchange said no and placed nothing (safe to record as REJECTED; a retry may
 *   only follow when `retryable` is true, e.g. -1021 timestamp outside recvWindow);
 * - unknown: the request may or may not have reached the exchange (timeout, 5xx, connection
 *   dropped after sending). The caller must look the order up by its client id, never resend blindly.
 */
export type PlaceResult =
  | { outcome: 'accepted'; order: OrderState }
  | { outcome: 'rejected'; code: number | null; message: string; retryable: boolean }
  | { outcome: 'unknown'; reason: string };

export type CancelResult =
  | { outcome: 'canceled'; order: OrderState }
  | { outcome: 'rejected'; code: number | null; message: string }
  | { outcome: 'unknown'; reason: string };

export interface Broker {
  place(request: OrderRequest): Promise<PlaceResult>;
  cancel(symbol: string, clientOrderId: string): Promise<CancelResult>;
  /** The order by its client id; null when the exchange has no such order (it was never placed). */
  query(symbol: string, clientOrderId: string): Promise<OrderState | null>;
  openOrders(symbol?: string): Promise<OrderState[]>;
  balances(): Promise<AssetBalance[]>;
}
