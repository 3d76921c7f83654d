// Where a key trades: Binance live, Binance's spot testnet, or the local exchange-sim. Live and
// testnet addresses are Binance's; the sim's come from the app's configuration.

export type BinanceEnvironment = 'live' | 'testnet' | 'sim';

export interface BinanceEndpoints {
  /** REST base, e.g. https://api.binance.com */
  restUrl: string;
  /** WebSocket API, e.g. wss://ws-api.binance.com:443/ws-api/v3 */
  wsApiUrl: string;
}

export const BINANCE_LIVE: BinanceEndpoints = {
  restUrl: 'https://api.binance.com',
  wsApiUrl: 'wss://ws-api.binance.com:443/ws-api/v3',
};

export const BINANCE_TESTNET: BinanceEndpoints = {
  restUrl: 'https://testnet.binance.vision',
  wsApiUrl: 'wss://ws-api.testnet.binance.vision/ws-api/v3',
};

/** The endpoints of an environment; `sim` needs the sim's REST base (its WebSocket API is beside it). */
export function binanceEndpoints(
  environment: BinanceEnvironment,
  simRestUrl?: string,
): BinanceEndpoints {
  if (environment === 'live') return BINANCE_LIVE;
  if (environment === 'testnet') return BINANCE_TESTNET;
  if (!simRestUrl) throw new Error('the exchange-sim URL is not configured');
  const rest = simRestUrl.replace(/\/+$/, '');
  return { restUrl: rest, wsApiUrl: `${rest.replace(/^http/, 'ws')}/ws-api/v3` };
}
