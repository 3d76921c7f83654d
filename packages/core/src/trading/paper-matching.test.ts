import { describe, expect, it } from 'vitest';
import { BTCUSDT } from './fixtures/exchange-info';
import { money, sumAmounts, toDecimalString } from './money';
import type { AssetBalance } from './order';
import {
  type BalanceDelta,
  applyDeltas,
  estimateFee,
  fillRestingLimit,
  limitCrossed,
  matchMarketOrder,
  placeLimitOrder,
  releaseRestingLimit,
  toOrderFills,
} from './paper-matching';
import { exchangeSymbolSchema, symbolRules } from './symbol-rules';

const rules = symbolRules(exchangeSymbolSchema.parse(BTCUSDT));
const asks = [
  { price: '97311.00', quantity: '0.01' }, // out of order on purpose: best is taken first
  { price: '97310.56', quantity: '0.004' },
  { price: '97310.60', quantity: '0.005' },
];
const bids = [
  { price: '97310.55', quantity: '0.006' },
  { price: '97310.00', quantity: '0.02' },
];

const ok = <T extends { ok: boolean }>(r: T) => {
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r as Extract<T, { ok: true }>;
};

describe('paper matching', () => {
  it('walks the asks for a market buy, fee in the base received', () => {
    const r = ok(matchMarketOrder({ side: 'BUY', quantity: '0.01234' }, asks, rules));
    expect(
      r.fills.map((f) => [f.price, f.quantity, f.commission, f.commissionAsset, f.isMaker]),
    ).toEqual([
      ['97310.56', '0.004', '0.000004', 'BTC', false],
      ['97310.6', '0.005', '0.000005', 'BTC', false],
      ['97311', '0.00334', '0.00000334', 'BTC', false],
    ]);
    expect(r).toMatchObject({
      executedQty: '0.01234',
      cummulativeQuoteQty: '1200.81398',
      status: 'FILLED',
    });
    expect(r.deltas).toEqual([
      { asset: 'USDT', free: '-1200.81398', locked: '0' },
      { asset: 'BTC', free: '0.01232766', locked: '0' },
    ]);
  });

  it('walks the bids for a market sell, fee in the quote received, rounded up to 8 decimals', () => {
    const r = ok(matchMarketOrder({ side: 'SELL', quantity: '0.00488' }, bids, rules));
    // 0.00488 × 97,310.55 = 474.875484; fee 0.474875484 → 0.47487549
    expect(r.fills).toEqual([
      {
        price: '97310.55',
        quantity: '0.00488',
        quoteQty: '474.875484',
        commission: '0.47487549',
        commissionAsset: 'USDT',
        isMaker: false,
      },
    ]);
    expect(r.deltas).toEqual([
      { asset: 'BTC', free: '-0.00488', locked: '0' },
      { asset: 'USDT', free: '474.40060851', locked: '0' },
    ]);
  });

  it('spends at most a quoteOrderQty, in whole steps', () => {
    const r = ok(matchMarketOrder({ side: 'BUY', quoteOrderQty: '250' }, asks, rules));
    expect(r).toMatchObject({ executedQty: '0.00256', cummulativeQuoteQty: '249.1150336' });
    expect(money(r.cummulativeQuoteQty).lte(250)).toBe(true);
  });

  it('refuses a total worth less than one step, and an order with no book', () => {
    expect(matchMarketOrder({ side: 'BUY', quoteOrderQty: '0.5' }, asks, rules)).toEqual({
      ok: false,
      reason: '0.5 USDT is less than one step of BTC at 97,311.',
    });
    expect(matchMarketOrder({ side: 'BUY', quantity: '1' }, [], rules)).toEqual({
      ok: false,
      reason: 'There is no price for BTCUSDT yet.',
    });
  });

  it('fills the rest at the worst level price when the book runs out', () => {
    const r = ok(matchMarketOrder({ side: 'BUY', quantity: '0.05' }, asks, rules));
    expect(r.fills.map((f) => [f.price, f.quantity])).toEqual([
      ['97310.56', '0.004'],
      ['97310.6', '0.005'],
      ['97311', '0.01'],
      ['97311', '0.031'],
    ]);
    expect(r.executedQty).toBe('0.05');
  });

  it('a limit order takes what it crosses as taker and rests with the rest, locked', () => {
    const r = placeLimitOrder({ side: 'BUY', price: '97310.60', quantity: '0.02' }, asks, rules);
    expect(r.fills.map((f) => [f.price, f.quantity, f.isMaker])).toEqual([
      ['97310.56', '0.004', false],
      ['97310.6', '0.005', false],
    ]);
    expect(r.status).toBe('PARTIALLY_FILLED');
    // paid 389.24224 + 486.553 from free; 0.011 × 97,310.60 = 1070.4166 locked
    expect(r.deltas).toEqual([
      { asset: 'USDT', free: '-1946.21184', locked: '1070.4166' },
      { asset: 'BTC', free: '0.008991', locked: '0' },
    ]);
    const resting = placeLimitOrder(
      { side: 'SELL', price: '98000', quantity: '0.01' },
      bids,
      rules,
    );
    expect(resting).toMatchObject({ status: 'NEW', fills: [], executedQty: '0' });
    expect(resting.deltas).toEqual([{ asset: 'BTC', free: '-0.01', locked: '0.01' }]);
  });

  it('a resting limit fills at its price when a trade crosses it, with the maker fee', () => {
    expect(limitCrossed('BUY', '95000', '95000')).toBe(true);
    expect(limitCrossed('BUY', '95000', '95000.01')).toBe(false);
    expect(limitCrossed('SELL', '98000', '98000.5')).toBe(true);
    expect(limitCrossed('SELL', '98000', '97999.99')).toBe(false);
    const r = fillRestingLimit({ side: 'SELL', price: '98000', remainingQty: '0.01' }, rules, {
      taker: '0.001',
      maker: '0.00075',
    });
    expect(r.fills[0]).toMatchObject({ price: '98000', commission: '0.735', isMaker: true });
    expect(r.deltas).toEqual([
      { asset: 'BTC', free: '0', locked: '-0.01' },
      { asset: 'USDT', free: '979.265', locked: '0' },
    ]);
  });

  it('keeps a paper account exact to the last decimal over a sequence of fills, fees and a cancel', () => {
    let balances: AssetBalance[] = [{ asset: 'USDT', free: '10000', locked: '0' }];
    const all: BalanceDelta[] = [];
    const apply = (deltas: BalanceDelta[]) => {
      all.push(...deltas);
      const next = applyDeltas(balances, deltas);
      expect(next.short).toEqual([]);
      balances = next.balances;
    };
    const buy = ok(matchMarketOrder({ side: 'BUY', quantity: '0.01234' }, asks, rules));
    apply(buy.deltas);
    const quoteBuy = ok(matchMarketOrder({ side: 'BUY', quoteOrderQty: '250' }, asks, rules));
    apply(quoteBuy.deltas);
    apply(placeLimitOrder({ side: 'SELL', price: '98000', quantity: '0.01' }, bids, rules).deltas);
    const sold = fillRestingLimit({ side: 'SELL', price: '98000', remainingQty: '0.01' }, rules);
    apply(sold.deltas);
    apply(placeLimitOrder({ side: 'BUY', price: '95000', quantity: '0.005' }, asks, rules).deltas);
    apply(releaseRestingLimit({ side: 'BUY', price: '95000', remainingQty: '0.005' }, rules));
    const last = ok(matchMarketOrder({ side: 'SELL', quantity: '0.00488' }, bids, rules));
    apply(last.deltas);

    // 10000 − 1200.81398 − 249.1150336 + (980 − 0.98) + (474.875484 − 0.47487549)
    expect(balances).toEqual([
      { asset: 'USDT', free: '10003.49159491', locked: '0' },
      // 0.01232766 + 0.00255744 − 0.01 − 0.00488
      { asset: 'BTC', free: '0.0000051', locked: '0' },
    ]);
    // The same, from the fills alone: what came in minus what went out minus the fees.
    const fills = [buy, quoteBuy, sold, last].flatMap((r) => r.fills.map((f) => ({ f, r })));
    const quoteIn = sumAmounts([...sold.fills, ...last.fills].map((f) => f.quoteQty));
    const quoteOut = sumAmounts([...buy.fills, ...quoteBuy.fills].map((f) => f.quoteQty));
    const quoteFees = sumAmounts(
      fills.filter(({ f }) => f.commissionAsset === 'USDT').map(({ f }) => f.commission),
    );
    expect(toDecimalString(money('10000').plus(quoteIn).minus(quoteOut).minus(quoteFees))).toBe(
      '10003.49159491',
    );
    // and to 18 decimals, summing every delta
    const usdt = sumAmounts(all.filter((d) => d.asset === 'USDT').map((d) => d.free));
    expect(usdt.plus(10000).toFixed(18)).toBe('10003.491594910000000000');
    expect(sumAmounts(all.filter((d) => d.asset === 'BTC').map((d) => d.locked)).toFixed(18)).toBe(
      '0.000000000000000000',
    );
  });

  it('reports the asset a fill would overdraw', () => {
    const poor = [{ asset: 'USDT', free: '100', locked: '0' }];
    const r = ok(matchMarketOrder({ side: 'BUY', quantity: '0.01' }, asks, rules));
    expect(applyDeltas(poor, r.deltas).short).toEqual(['USDT']);
  });

  it('estimates the fee for the ticket and numbers fills', () => {
    expect(estimateFee('BUY', '0.01', '97310.55', rules)).toEqual({
      amount: '0.00001',
      asset: 'BTC',
    });
    expect(estimateFee('SELL', '0.01', '97310.55', rules)).toEqual({
      amount: '0.9731055',
      asset: 'USDT',
    });
    const r = ok(matchMarketOrder({ side: 'BUY', quantity: '0.005' }, asks, rules));
    expect(
      toOrderFills(r.fills, 41, 1_700_000_000_000).map((f) => [f.tradeId, f.quantity, f.time]),
    ).toEqual([
      ['41', '0.004', 1_700_000_000_000],
      ['42', '0.001', 1_700_000_000_000],
    ]);
  });
});
