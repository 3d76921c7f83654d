import { describe, expect, it } from 'vitest';
import { BTCUSDT } from './fixtures/exchange-info';
import { type OrderAction, orderActionSchema, sizeOrder, sizingNeeds } from './order-action';
import { exchangeSymbolSchema, symbolRules } from './symbol-rules';

const rules = symbolRules(exchangeSymbolSchema.parse(BTCUSDT));
const balances = [
  { asset: 'USDT', free: '1000', locked: '0' },
  { asset: 'BTC', free: '0.5', locked: '0.1' },
];
const action = (a: Partial<OrderAction>): OrderAction =>
  orderActionSchema.parse({
    side: 'BUY',
    type: 'MARKET',
    amount: { kind: 'quote', value: '100' },
    account: { kind: 'paper' },
    ...a,
  });
const size = (a: Partial<OrderAction>, extra: { rulePosition?: string; price?: string } = {}) =>
  sizeOrder(action(a), { balances, price: extra.price ?? '97310.55', rules, ...extra });

describe('order action schema', () => {
  it('accepts the actions a rule can carry', () => {
    expect(action({}).amount).toEqual({ kind: 'quote', value: '100' });
    expect(
      action({
        type: 'LIMIT',
        limitOffsetPercent: '-0.5',
        account: { kind: 'binance', keyId: 'ckey123' },
        maxPosition: '0.1',
      }),
    ).toMatchObject({ limitOffsetPercent: '-0.5', maxPosition: '0.1' });
  });

  it('refuses what a stranger could send', () => {
    const base = {
      side: 'BUY',
      type: 'MARKET',
      amount: { kind: 'quote', value: '100' },
      account: { kind: 'paper' },
    };
    for (const bad of [
      { ...base, amount: { kind: 'quote', value: '0' } },
      { ...base, amount: { kind: 'quote', value: '-5' } },
      { ...base, amount: { kind: 'quote', value: 100 } },
      { ...base, amount: { kind: 'quote', value: '1e3' } },
      { ...base, amount: { kind: 'quote', value: '1'.repeat(41) } },
      { ...base, amount: { kind: 'percentOfFree', value: '100.01' } },
      { ...base, amount: { kind: 'all' } },
      { ...base, type: 'LIMIT' },
      { ...base, limitOffsetPercent: '1' },
      { ...base, type: 'LIMIT', limitOffsetPercent: '-50' },
      { ...base, account: { kind: 'binance' } },
      { ...base, account: { kind: 'binance', keyId: "x' OR 1=1" } },
      { ...base, side: 'HOLD' },
      { ...base, maxPosition: '0' },
    ])
      expect(orderActionSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
  });
});

describe('sizeOrder', () => {
  it('sends a quote amount as a market quoteOrderQty', () => {
    const r = size({});
    expect(r).toMatchObject({
      ok: true,
      order: { type: 'MARKET', quoteOrderQty: '100', estimatedQuantity: '0.00102' },
    });
  });

  it('sends a base amount rounded down to the step', () => {
    expect(size({ amount: { kind: 'base', value: '0.0012345' } })).toMatchObject({
      ok: true,
      order: { quantity: '0.00123' },
    });
  });

  it('spends a percentage of the free quote on a buy and of the free base on a sell', () => {
    expect(size({ amount: { kind: 'percentOfFree', value: '25' } })).toMatchObject({
      ok: true,
      order: { quoteOrderQty: '250' },
    });
    // 10% of 0.5 free BTC (the locked 0.1 is not free)
    expect(size({ side: 'SELL', amount: { kind: 'percentOfFree', value: '10' } })).toMatchObject({
      ok: true,
      order: { side: 'SELL', quantity: '0.05' },
    });
  });

  it('places a limit at the offset from the trigger price, rounded to the tick on the safe side', () => {
    // 97,310.55 × 0.995 = 96,823.99725 → buy rounds down to 96,823.99; 1000 USDT → 0.01032 BTC
    const r = size({
      type: 'LIMIT',
      limitOffsetPercent: '-0.5',
      amount: { kind: 'quote', value: '1000' },
    });
    expect(r).toMatchObject({
      ok: true,
      order: { type: 'LIMIT', price: '96823.99', quantity: '0.01032' },
    });
    // sell 1% above: 98,283.6555 → rounds up to 98,283.66
    const s = size({
      side: 'SELL',
      type: 'LIMIT',
      limitOffsetPercent: '1',
      amount: { kind: 'base', value: '0.01' },
    });
    expect(s).toMatchObject({ ok: true, order: { price: '98283.66', quantity: '0.01' } });
  });

  it("cuts a buy to the rule's maximum position and skips it when the position is full", () => {
    expect(
      size(
        { amount: { kind: 'base', value: '0.005' }, maxPosition: '0.003' },
        { rulePosition: '0.001' },
      ),
    ).toMatchObject({
      ok: true,
      order: { quantity: '0.002' },
    });
    // a quote amount beyond the room becomes the room's quantity
    expect(size({ amount: { kind: 'quote', value: '500' }, maxPosition: '0.002' })).toMatchObject({
      ok: true,
      order: { quantity: '0.002' },
    });
    const full = size({ maxPosition: '0.01' }, { rulePosition: '0.01' });
    expect(full).toEqual({
      ok: false,
      filter: 'INPUT',
      reason: 'The rule already holds 0.01 BTC, its maximum position of 0.01 BTC.',
    });
    // sells are never capped
    expect(
      size(
        { side: 'SELL', amount: { kind: 'base', value: '0.2' }, maxPosition: '0.01' },
        { rulePosition: '0.5' },
      ).ok,
    ).toBe(true);
  });

  it('refuses what the free balance cannot pay, and orders below the filters', () => {
    expect(size({ amount: { kind: 'quote', value: '1500' } })).toEqual({
      ok: false,
      filter: 'INPUT',
      reason: 'Not enough USDT: the order needs 1,500 USDT and 1,000 USDT is free.',
    });
    expect(size({ side: 'SELL', amount: { kind: 'base', value: '0.6' } })).toMatchObject({
      ok: false,
      reason: 'Not enough BTC: the order needs 0.6 BTC and 0.5 BTC is free.',
    });
    expect(size({ amount: { kind: 'quote', value: '3' } })).toMatchObject({
      ok: false,
      filter: 'NOTIONAL',
    });
    expect(
      sizeOrder(action({ amount: { kind: 'percentOfFree', value: '50' } }), {
        balances: [],
        price: '97310.55',
        rules,
      }),
    ).toMatchObject({ ok: false, reason: 'There is no free USDT to buy with.' });
  });
});

describe('sizingNeeds', () => {
  it('reads the balance only for a percent of the free balance, the position only for capped buys', () => {
    expect(sizingNeeds(action({ amount: { kind: 'base', value: '0.01' } }))).toEqual({
      balances: false,
      position: false,
    });
    expect(sizingNeeds(action({}))).toEqual({ balances: false, position: false });
    expect(sizingNeeds(action({ amount: { kind: 'percentOfFree', value: '25' } }))).toEqual({
      balances: true,
      position: false,
    });
    expect(sizingNeeds(action({ maxPosition: '0.1' }))).toEqual({
      balances: false,
      position: true,
    });
    expect(sizingNeeds(action({ side: 'SELL', maxPosition: '0.1' }))).toEqual({
      balances: false,
      position: false,
    });
  });

  it('sizes a base or quote amount without balances, leaving a shortfall to the broker', () => {
    const sized = sizeOrder(action({ amount: { kind: 'quote', value: '1500' } }), {
      price: '97310.55',
      rules,
    });
    expect(sized).toMatchObject({ ok: true, order: { quoteOrderQty: '1500' } });
    expect(
      sizeOrder(action({ amount: { kind: 'percentOfFree', value: '50' } }), {
        price: '97310.55',
        rules,
      }),
    ).toMatchObject({ ok: false, reason: 'There is no free USDT to buy with.' });
  });
});
