import { describe, expect, it } from 'vitest';
import { BTCUSDT, BTCUSDT_US, ETHUSDT, MLNUSDT } from './fixtures/exchange-info';
import { type OrderIntent, prepareOrder, toOrderRequest } from './order-filters';
import { exchangeSymbolSchema, symbolRules } from './symbol-rules';

const btc = symbolRules(exchangeSymbolSchema.parse(BTCUSDT));
const eth = symbolRules(exchangeSymbolSchema.parse(ETHUSDT));
const mln = symbolRules(exchangeSymbolSchema.parse(MLNUSDT));
const btcUs = symbolRules(exchangeSymbolSchema.parse(BTCUSDT_US));

const ok = (rules = btc, intent: OrderIntent, price = '97310.55') => {
  const r = prepareOrder(rules, intent, price);
  if (!r.ok) throw new Error(r.reason);
  return r.order;
};
const refusal = (rules = btc, intent: OrderIntent, price = '97310.55') => {
  const r = prepareOrder(rules, intent, price);
  if (r.ok) throw new Error(`accepted ${JSON.stringify(r.order)}`);
  return r;
};

describe('prepareOrder on real exchangeInfo filters', () => {
  it('rounds quantities down to the LOT_SIZE step', () => {
    expect(ok(btc, { side: 'BUY', type: 'MARKET', quantity: '0.0123456789' }).quantity).toBe(
      '0.01234',
    );
    expect(ok(eth, { side: 'SELL', type: 'MARKET', quantity: '1.23456' }, '3300').quantity).toBe(
      '1.2345',
    );
    expect(
      ok(btcUs, { side: 'BUY', type: 'MARKET', quantity: '0.0123456789' }, '20000').quantity,
    ).toBe('0.012345');
  });

  it('rounds limit prices to the tick on the safer side: buy down, sell up', () => {
    const buy = ok(btc, { side: 'BUY', type: 'LIMIT', quantity: '0.01', price: '97310.559' });
    expect(buy).toMatchObject({ price: '97310.55', timeInForce: 'GTC', quantity: '0.01' });
    const sell = ok(btc, { side: 'SELL', type: 'LIMIT', quantity: '0.01', price: '97310.551' });
    expect(sell.price).toBe('97310.56');
    // on the tick already: unchanged either way
    expect(
      ok(btc, { side: 'SELL', type: 'LIMIT', quantity: '0.01', price: '97310.50' }).price,
    ).toBe('97310.5');
  });

  it('refuses below the minimum notional with the sentence a trader understands', () => {
    const r = refusal(btc, { side: 'BUY', type: 'MARKET', quantity: '0.00004' });
    expect(r.filter).toBe('NOTIONAL');
    expect(r.reason).toBe('0.00004 BTC is below the minimum order of 5 USDT at 97,310.55.');
    // 0.00006 × 97,310.55 = 5.84 USDT passes
    expect(ok(btc, { side: 'BUY', type: 'MARKET', quantity: '0.00006' }).estimatedNotional).toBe(
      '5.838633',
    );
  });

  it('checks the notional of a limit order at its own price, and of a market order at the reference', () => {
    // 0.0001 BTC at a 40,000 limit = 4 USDT: refused although 9.73 USDT at the market.
    expect(
      refusal(btc, { side: 'BUY', type: 'LIMIT', quantity: '0.0001', price: '40000' }).reason,
    ).toBe('0.0001 BTC is below the minimum order of 5 USDT at 40,000.');
    expect(ok(btc, { side: 'BUY', type: 'MARKET', quantity: '0.0001' }).estimatedNotional).toBe(
      '9.731055',
    );
  });

  it('applies the minimum to market orders only when applyMinToMarket', () => {
    const lax = { ...btc, applyMinToMarket: false };
    expect(ok(lax, { side: 'BUY', type: 'MARKET', quantity: '0.00004' }).quantity).toBe('0.00004');
    expect(
      refusal(lax, { side: 'BUY', type: 'LIMIT', quantity: '0.00004', price: '97310.55' }).filter,
    ).toBe('NOTIONAL');
  });

  it('applies the maximum notional to limit orders, and to market ones only when applyMaxToMarket', () => {
    const r = refusal(btc, { side: 'BUY', type: 'LIMIT', quantity: '100', price: '97310.55' });
    expect(r.reason).toBe('100 BTC is above the maximum order of 9,000,000 USDT at 97,310.55.');
    // market: NOTIONAL's max does not apply (applyMaxToMarket false) but MARKET_LOT_SIZE's 100 does
    expect(ok(btc, { side: 'BUY', type: 'MARKET', quantity: '100' }).quantity).toBe('100');
    expect(refusal(btc, { side: 'BUY', type: 'MARKET', quantity: '100.5' })).toEqual({
      ok: false,
      filter: 'MARKET_LOT_SIZE',
      reason: '100.5 BTC is above the maximum quantity of 100 BTC.',
    });
  });

  it('refuses below the minimum quantity and above the maximum quantity', () => {
    expect(
      refusal(btc, { side: 'SELL', type: 'LIMIT', quantity: '0.000004', price: '450000' }),
    ).toEqual({
      ok: false,
      filter: 'LOT_SIZE',
      reason: '0.000004 BTC is below the minimum quantity of 0.00001 BTC.',
    });
    expect(
      refusal(btc, { side: 'SELL', type: 'LIMIT', quantity: '9000.1', price: '97310.55' }).reason,
    ).toBe('9,000.1 BTC is above the maximum quantity of 9,000 BTC.');
    expect(refusal(mln, { side: 'SELL', type: 'MARKET', quantity: '1700' }, '23.93').reason).toBe(
      '1,700 MLN is above the maximum quantity of 1,687.7079125 MLN.',
    );
  });

  it('reproduces the MLNUSDT forum case: 0.428 MLN at 23.93 passes NOTIONAL 10 (10.24 USDT)', () => {
    expect(
      ok(mln, { side: 'BUY', type: 'MARKET', quantity: '0.428' }, '23.93').estimatedNotional,
    ).toBe('10.24204');
    // …and fails once the average price drops under 10 / 0.428 = 23.3645
    expect(refusal(mln, { side: 'BUY', type: 'MARKET', quantity: '0.428' }, '23.3').reason).toBe(
      '0.428 MLN is below the minimum order of 10 USDT at 23.3.',
    );
  });

  it('keeps limit prices within PERCENT_PRICE_BY_SIDE of the average price', () => {
    // BTCUSDT: 0.2× to 5× the average on both sides; average 97,310.55 → 19,462.11 to 486,552.75
    expect(refusal(btc, { side: 'BUY', type: 'LIMIT', quantity: '0.01', price: '19000' })).toEqual({
      ok: false,
      filter: 'PERCENT_PRICE',
      reason:
        'A buy limit of 19,000 USDT is too far from the average price of 97,310.55: BTCUSDT takes 19,462.11 to 486,552.75.',
    });
    expect(ok(btc, { side: 'BUY', type: 'LIMIT', quantity: '0.01', price: '19462.11' }).price).toBe(
      '19462.11',
    );
    expect(
      refusal(btc, { side: 'SELL', type: 'LIMIT', quantity: '0.01', price: '486552.76' }).filter,
    ).toBe('PERCENT_PRICE');
    const asymmetric = {
      ...btc,
      percentPrice: { bidUp: '1.1', bidDown: '0.2', askUp: '5', askDown: '0.9' },
    };
    expect(
      refusal(asymmetric, { side: 'BUY', type: 'LIMIT', quantity: '0.01', price: '110000' }).filter,
    ).toBe('PERCENT_PRICE');
    expect(
      ok(asymmetric, { side: 'SELL', type: 'LIMIT', quantity: '0.01', price: '110000' }).price,
    ).toBe('110000');
    // market orders have no limit price to check
    expect(ok(asymmetric, { side: 'BUY', type: 'MARKET', quantity: '0.01' }).quantity).toBe('0.01');
  });

  it('uses the legacy MIN_NOTIONAL filter where NOTIONAL is absent', () => {
    expect(
      refusal(btcUs, { side: 'BUY', type: 'MARKET', quantity: '0.0004' }, '20000').reason,
    ).toBe('0.0004 BTC is below the minimum order of 10 USDT at 20,000.');
  });

  it('sizes a market order by total as quoteOrderQty, truncated to the quote precision', () => {
    const o = ok(btc, { side: 'BUY', type: 'MARKET', quoteOrderQty: '100.123456789' });
    expect(o).toMatchObject({ quoteOrderQty: '100.12345678', estimatedQuantity: '0.00102' });
    expect(o.quantity).toBeUndefined();
    expect(refusal(btc, { side: 'BUY', type: 'MARKET', quoteOrderQty: '4.99' }).reason).toBe(
      'An order of 4.99 USDT is below the minimum order of 5 USDT.',
    );
    expect(
      refusal(
        { ...btc, quoteOrderQtyMarketAllowed: false },
        { side: 'BUY', type: 'MARKET', quoteOrderQty: '50' },
      ).filter,
    ).toBe('INPUT');
  });

  it('sizes a limit order by total as quantity = total / price, rounded down', () => {
    const o = ok(btc, { side: 'BUY', type: 'LIMIT', quoteOrderQty: '1000', price: '97310.55' });
    expect(o).toMatchObject({ quantity: '0.01027', price: '97310.55' });
    expect(o.quoteOrderQty).toBeUndefined();
  });

  it('says what a too-small total buys', () => {
    expect(
      refusal(btc, { side: 'BUY', type: 'LIMIT', quoteOrderQty: '0.5', price: '97310.55' }).reason,
    ).toBe('0.5 USDT buys 0 BTC at 97,310.55, which is below the minimum quantity of 0.00001 BTC.');
    const noMinNotional = { ...btc, minNotional: '0' };
    expect(
      refusal(noMinNotional, { side: 'BUY', type: 'MARKET', quoteOrderQty: '0.5' }).reason,
    ).toBe(
      '0.5 USDT buys about 0 BTC at 97,310.55, which is below the minimum quantity of 0.00001 BTC.',
    );
  });

  it('refuses a quantity that rounds to nothing, naming what was asked', () => {
    expect(
      refusal(btc, { side: 'BUY', type: 'LIMIT', quantity: '0.000009', price: '97310.55' }).reason,
    ).toBe('0.000009 BTC is below the minimum quantity of 0.00001 BTC.');
  });

  it('refuses prices outside PRICE_FILTER and malformed input', () => {
    expect(refusal(btc, { side: 'BUY', type: 'LIMIT', quantity: '1', price: '0.001' }).filter).toBe(
      'PRICE_FILTER',
    );
    expect(
      refusal(btc, { side: 'SELL', type: 'LIMIT', quantity: '0.001', price: '1000000.01' }).reason,
    ).toBe('1,000,000.01 USDT is above the highest price allowed for BTCUSDT (1,000,000 USDT).');
    expect(refusal(btc, { side: 'BUY', type: 'LIMIT', quantity: '1' }).filter).toBe('INPUT');
    expect(refusal(btc, { side: 'BUY', type: 'MARKET', quantity: '-1' }).filter).toBe('INPUT');
    expect(refusal(btc, { side: 'BUY', type: 'MARKET', quantity: '1e3' }).filter).toBe('INPUT');
    expect(
      refusal(btc, { side: 'BUY', type: 'MARKET', quantity: '1', quoteOrderQty: '1' }).filter,
    ).toBe('INPUT');
    expect(refusal(btc, { side: 'BUY', type: 'MARKET', quantity: '1' }, '0').reason).toBe(
      'There is no price for BTCUSDT yet.',
    );
  });

  it('becomes a broker request under a client order id', () => {
    const o = ok(btc, { side: 'BUY', type: 'LIMIT', quantity: '0.01', price: '97310.55' });
    expect(toOrderRequest(o, 'cvf-abc')).toEqual({
      clientOrderId: 'cvf-abc',
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      quantity: '0.01',
      price: '97310.55',
      timeInForce: 'GTC',
    });
  });
});
