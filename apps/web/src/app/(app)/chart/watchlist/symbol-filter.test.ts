import { describe, expect, it } from 'vitest';
import { filterSymbols } from './symbol-filter';

const sym = (base: string, quote: string) => ({
  symbol: base + quote,
  baseAsset: base,
  quoteAsset: quote,
});
const ALL = [
  sym('ETH', 'BTC'),
  sym('BTC', 'EUR'),
  sym('BTC', 'USDT'),
  sym('ETH', 'USDT'),
  sym('WBTC', 'USDT'),
  sym('SOL', 'USDT'),
  sym('BTC', 'FDUSD'),
];
const symbols = (query: string, limit?: number) =>
  filterSymbols(ALL, query, limit).map((s) => s.symbol);

describe('filterSymbols', () => {
  it('ranks symbol and base prefixes first, USDT pairs before others, then quote and substrings', () => {
    expect(symbols('btc')).toEqual(['BTCUSDT', 'BTCEUR', 'BTCFDUSD', 'ETHBTC', 'WBTCUSDT']);
    expect(symbols('BTCUSDT')).toEqual(['BTCUSDT', 'WBTCUSDT']);
  });

  it('understands base/quote written with a separator', () => {
    for (const q of ['eth/usdt', 'ETH USDT', 'eth-usdt', ' ethusdt '])
      expect(symbols(q)[0]).toBe('ETHUSDT');
    expect(symbols('btc/')).toContain('BTCUSDT');
  });

  it('finds by quote asset', () => {
    expect(symbols('eur')).toEqual(['BTCEUR']);
  });

  it('returns everything (up to the limit) for an empty query, nothing for no match', () => {
    expect(symbols('', 3)).toHaveLength(3);
    expect(symbols('xyz')).toEqual([]);
  });
});
