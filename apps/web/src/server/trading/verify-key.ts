// Checking an exchange key before it is saved: one signed account request (GET /api/v3/account)
// through packages/exchange's signed client. A key the exchange refuses, or one without spot
// trading permission, is refused with the exchange's reason in words a trader understands; the
// secret is only ever in memory here and in the signing, never in a message or a log line.
import { explainBinanceError } from '@coinview/core/trading/binance-errors';
import { BinanceApiError, BinanceRestError } from '@coinview/exchange/rest';
import { BinanceSignedClient } from '@coinview/exchange/signed';
import { restBaseUrl } from './exchange-endpoints';
import type { ExchangeEnvironment } from './exchange-environments';

export type KeyVerification =
  { ok: true; canTrade: true; permissions: string[] } | { ok: false; reason: string };

export type VerifyKey = (key: {
  environment: ExchangeEnvironment;
  apiKey: string;
  secret: string;
}) => Promise<KeyVerification>;

/** A VerifyKey that asks the exchange at `baseUrlFor(environment)` (default: the fixed URLs). */
export function createKeyVerifier(
  baseUrlFor: (environment: ExchangeEnvironment) => string = restBaseUrl,
): VerifyKey {
  return async ({ environment, apiKey, secret }) => {
    const client = new BinanceSignedClient({
      credentials: { apiKey, apiSecret: secret },
      transport: { baseUrl: baseUrlFor(environment), maxAttempts: 2, timeoutMs: 10_000 },
    });
    try {
      const account = await client.account({ omitZeroBalances: true });
      if (!account.canTrade)
        return {
          ok: false,
          reason:
            'The exchange says this key cannot trade. Enable "Spot & Margin Trading" for it and try again.',
        };
      return { ok: true, canTrade: true, permissions: account.permissions };
    } catch (err) {
      if (err instanceof BinanceApiError && err.code !== undefined)
        return { ok: false, reason: explainBinanceError(err.code, err.msg ?? '').message };
      if (err instanceof BinanceRestError)
        return {
          ok: false,
          reason: `The exchange could not be reached to check the key (${err.status ? `HTTP ${err.status}` : 'no answer'}). Try again shortly.`,
        };
      throw err;
    }
  };
}
