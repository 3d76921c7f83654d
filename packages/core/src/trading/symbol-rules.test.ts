import { describe, expect, it } from 'vitest';
import { BTCUSDT, BTCUSDT_US, MLNUSDT } from './fixtures/exchange-info';
import { exchangeSymbolSchema, symbolRules } from './symbol-rules';

const rulesOf = (raw: unknown) => symbolRules(exchangeSymbolSchema.parse(raw));

describe('symbol rules from exchangeInfo', () => {
  it("digest Binance's BTCUSDT filters", () => {
    expect(rulesOf(BTCUSDT)).toEqual({
      symbol: 'BTCUSDT',
      baseAsset: 'BTC',
      quoteAsset: 'USDT',
      tickSize: '0.01000000',
      minPrice: '0.01000000',
      maxPrice: '1000000.00000000',
      stepSize: '0.00001000',
      minQty: '0.00001000',
      maxQty: '9000.00000000',
      marketStepSize: '0.00000000',
      marketMinQty: '0.00000000',
      marketMaxQty: '100.00000000',
      percentPrice: { bidUp: '5', bidDown: '0.2', askUp: '5', askDown: '0.2' },
      minNotional: '5.00000000',
      applyMinToMarket: true,
      maxNotional: '9000000.00000000',
      applyMaxToMarket: false,
      avgPriceMins: 5,
      quotePrecision: 8,
      commissionPrecision: 8,
      quoteOrderQtyMarketAllowed: true,
    });
  });

  it('read MARKET_LOT_SIZE and the legacy MIN_NOTIONAL', () => {
    expect(rulesOf(MLNUSDT)).toMatchObject({
      marketMaxQty: '1687.70791250',
      minNotional: '10.00000000',
    });
    expect(rulesOf(BTCUSDT_US)).toMatchObject({
      stepSize: '0.00000100',
      minNotional: '10.00000000',
      applyMinToMarket: true,
      maxNotional: null,
      avgPriceMins: 5,
      // the legacy PERCENT_PRICE: one range for both sides
      percentPrice: { bidUp: '5', bidDown: '0.2', askUp: '5', askDown: '0.2' },
    });
  });

  it('treat absent filters as no limit, like Binance', () => {
    const bare = rulesOf({
      symbol: 'XUSDT',
      status: 'TRADING',
      baseAsset: 'X',
      quoteAsset: 'USDT',
      filters: [],
    });
    expect(bare).toMatchObject({
      tickSize: '0',
      stepSize: '0',
      minNotional: '0',
      maxNotional: null,
    });
  });

  it('refuse a malformed known filter but keep a malformed unknown one out of the rules', () => {
    const bad = structuredClone(BTCUSDT);
    (bad.filters[0] as Record<string, unknown>).tickSize = 0.01;
    expect(exchangeSymbolSchema.safeParse(bad).success).toBe(false);
    const oddMarketLot = structuredClone(BTCUSDT);
    (oddMarketLot.filters[3] as Record<string, unknown>).maxQty = 100;
    expect(rulesOf(oddMarketLot).marketMaxQty).toBe('0');
  });
});
