// The three places an exchange key can trade, as the forms offer them (no URL here: the server
// maps each to its fixed base URL in exchange-endpoints.ts, so a browser never names one).
export const EXCHANGE_ENVIRONMENTS = ['sim', 'testnet', 'live'] as const;
export type ExchangeEnvironment = (typeof EXCHANGE_ENVIRONMENTS)[number];

export const ENVIRONMENT_LABEL: Record<ExchangeEnvironment, string> = {
  sim: 'Local exchange-sim',
  testnet: 'Binance testnet',
  live: 'Binance',
};
