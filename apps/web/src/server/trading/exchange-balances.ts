// A key's balances for the balances panel: the exchange's signed GET /api/v3/account (weight 20),
// remembered per key for a few seconds so the panel's refresh and several tabs do not each spend
// the IP's request weight. The cache holds at most one entry per key, dropped when it expires.
import { BinanceRestError } from '@coinview/exchange/rest';
import { BinanceSignedClient } from '@coinview/exchange/signed';
import type { AssetBalance } from '@coinview/core/trading/order';
import type { TradingKey } from '@coinview/db/exchange-keys';
import { restBaseUrl } from './exchange-endpoints';

const FRESH_MS = 10_000;
const cache = new Map<string, { at: number; balances: Promise<AssetBalance[]> }>();

async function fetchBalances(key: TradingKey): Promise<AssetBalance[]> {
  const client = new BinanceSignedClient({
    credentials: { apiKey: key.apiKey, apiSecret: key.secret },
    transport: { baseUrl: restBaseUrl(key.environment), maxAttempts: 2, timeoutMs: 5_000 },
  });
  try {
    const account = await client.account({ omitZeroBalances: true });
    return account.balances.map((b) => ({ asset: b.asset, free: b.free, locked: b.locked }));
  } catch (err) {
    // Said without the request: the error's text names the URL and the exchange's raw answer.
    if (err instanceof BinanceRestError)
      throw new Error(
        err.code !== undefined
          ? `The exchange refused the balance request (${err.code}).`
          : 'The exchange did not answer the balance request.',
      );
    throw err;
  }
}

export function exchangeBalances(key: TradingKey, now = Date.now()): Promise<AssetBalance[]> {
  for (const [id, entry] of cache) if (now - entry.at > FRESH_MS) cache.delete(id);
  const cached = cache.get(key.id);
  if (cached) return cached.balances;
  const balances = fetchBalances(key);
  cache.set(key.id, { at: now, balances });
  balances.catch(() => cache.delete(key.id));
  return balances;
}
