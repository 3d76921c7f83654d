// The offline demo's API key pair, published on purpose (README "Trading"): with no SIM_ACCOUNTS
// configured the sim funds exactly this account, so a fresh checkout can add a "Binance key" that
// points at the sim and trade without any real credential. Never a real Binance key.
export const DEMO_API_KEY = 'EA82689FEB17794F04613C8DD328AED58EB823F1A71D97BA839C898579AEBFC0';
export const DEMO_API_SECRET = '9e71d35811f91cb20addb1a543b50a4895ba5d8c6737980d3cccc767d341c30c';

/** What the demo account holds when the sim starts (decimal strings, as Binance writes them). */
export const DEMO_BALANCES: Readonly<Record<string, string>> = {
  USDT: '100000',
  BTC: '1',
  ETH: '10',
};
