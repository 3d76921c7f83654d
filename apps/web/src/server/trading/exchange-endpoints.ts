// Where each kind of exchange key trades: the local exchange-sim (the same REST URL the market data
// comes from, BINANCE_REST_URL), Binance's spot testnet or Binance itself. The environment is one of
// three fixed values chosen in a form; no URL a user sends is ever called.
import { env } from '~/env';
import type { ExchangeEnvironment } from './exchange-environments';

export function restBaseUrl(environment: ExchangeEnvironment): string {
  switch (environment) {
    case 'sim':
      return env.BINANCE_REST_URL;
    case 'testnet':
      return 'https://testnet.binance.vision';
    case 'live':
      return 'https://api.binance.com';
  }
}
