// The sim's own order-handling rate over loopback, for bench/ (the ceiling the product's order
// pipeline is measured against) and `pnpm --filter @coinview/exchange-sim order-rate`: `orders`
// signed market orders (POST /api/v3/order, newOrderRespType ACK) sent by `concurrency` parallel
// clients spread over the given accounts; reports orders/s and the latency percentiles of one
// request. `syntheticAccounts(n)` makes the accounts a many-user run configures the sim with.
import { createHmac } from 'node:crypto';
import type { AccountConfig } from './sim-accounts';

export interface OrderRateOptions {
  restUrl: string;
  accounts: readonly { apiKey: string; secret: string }[];
  orders: number;
  concurrency: number;
  symbol?: string;
  /** Base quantity of each market buy (default the sim's BTCUSDT minimum notional and more). */
  quantity?: string;
}

export interface OrderRate {
  orders: number;
  failed: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/** n accounts with deterministic keys (`bench000001`…) and ample USDT. */
export function syntheticAccounts(n: number, usdt = '1000000'): AccountConfig[] {
  return Array.from({ length: n }, (_, i) => ({
    apiKey: `bench${String(i + 1).padStart(6, '0')}`,
    secret: `bench-secret-${i + 1}`,
    balances: { USDT: usdt },
  }));
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;

export async function measureOrderRate(opts: OrderRateOptions): Promise<OrderRate> {
  const symbol = opts.symbol ?? 'BTCUSDT';
  const quantity = opts.quantity ?? '0.0001';
  const latencies: number[] = [];
  let next = 0;
  let failed = 0;
  const send = async (i: number) => {
    const who = opts.accounts[i % opts.accounts.length]!;
    const query = new URLSearchParams({
      symbol,
      side: 'BUY',
      type: 'MARKET',
      quantity,
      newClientOrderId: `rate-${Date.now().toString(36)}-${i}`,
      newOrderRespType: 'ACK',
      timestamp: String(Date.now()),
    }).toString();
    const signature = createHmac('sha256', who.secret).update(query).digest('hex');
    const started = performance.now();
    const res = await fetch(`${opts.restUrl}/api/v3/order?${query}&signature=${signature}`, {
      method: 'POST',
      headers: { 'X-MBX-APIKEY': who.apiKey },
    });
    await res.arrayBuffer();
    latencies.push(performance.now() - started);
    if (res.status !== 200) failed++;
  };
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(opts.concurrency, opts.orders) }, async () => {
      while (next < opts.orders) await send(next++);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    orders: opts.orders,
    failed,
    seconds,
    perSecond: opts.orders / seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
  };
}
