import { describe, expect, it } from 'vitest';
import { Money, money } from './money';
import { type PositionFill, buildPosition, unrealizedPnl } from './positions';

const BTC = { symbol: 'BTCUSDT', baseAsset: 'BTC', quoteAsset: 'USDT' };
const fill = (
  f: Partial<PositionFill> & Pick<PositionFill, 'side' | 'price' | 'quantity'>,
  time: number,
): PositionFill => ({
  commission: '0',
  commissionAsset: 'USDT',
  ...f,
  time,
});

// Two buys (fees in BTC), a sell order in two fills (fees in USDT), then the rest sold.
const buys = [
  fill(
    {
      side: 'BUY',
      price: '90000',
      quantity: '0.01',
      commission: '0.00001',
      commissionAsset: 'BTC',
    },
    1,
  ),
  fill(
    {
      side: 'BUY',
      price: '95000',
      quantity: '0.02',
      commission: '0.00002',
      commissionAsset: 'BTC',
    },
    2,
  ),
];
const sellA = [
  fill({ orderId: 'A', side: 'SELL', price: '100000', quantity: '0.01', commission: '1' }, 3),
  fill({ orderId: 'A', side: 'SELL', price: '99000', quantity: '0.005', commission: '0.495' }, 4),
];
const closeAll = fill(
  { orderId: 'B', side: 'SELL', price: '97000', quantity: '0.01497', commission: '1.45209' },
  5,
);

describe('positions', () => {
  it('average the entry with the fees in the cost basis', () => {
    const p = buildPosition(BTC, buys);
    // 0.00999 + 0.01998 BTC received for 900 + 1900 USDT
    expect(p).toMatchObject({
      quantity: '0.02997',
      costBasis: '2800',
      averageEntryPrice: '93426.760093426760093427',
      realizedPnl: '0',
      closedTrades: [],
    });
  });

  it('realise P&L per closing sell order against the average entry, which does not move', () => {
    const p = buildPosition(BTC, [...buys, ...sellA]);
    expect(p.closedTrades).toEqual([
      {
        orderId: 'A',
        time: 4,
        quantity: '0.015',
        entryPrice: '93426.760093426760093427',
        exitPrice: '99666.666666666666666667',
        realizedPnl: '92.103598598598598599',
      },
    ]);
    expect(p).toMatchObject({
      quantity: '0.01497',
      averageEntryPrice: '93426.760093426760093427',
      costBasis: '1398.598598598598598599',
    });
    expect(unrealizedPnl(p, '98000')).toBe('68.461401401401401401');
  });

  it('realised + unrealised is the whole P&L, to 1e-18', () => {
    const p = buildPosition(BTC, [...buys, ...sellA]);
    // spent 2800; got 999 + 494.505; hold 0.01497 BTC worth 1467.06 at 98,000
    const whole = money('999').plus('494.505').plus(money('0.01497').times(98000)).minus(2800);
    const sum = money(p.realizedPnl).plus(unrealizedPnl(p, '98000'));
    expect(sum.minus(whole).abs().lte(new Money('1e-18'))).toBe(true);
  });

  it('closes the position exactly: nothing held, no cost left, realised P&L exact', () => {
    const p = buildPosition(BTC, [...buys, ...sellA, closeAll]);
    // 999 + 494.505 + (1452.09 − 1.45209) − 2800
    expect(p).toMatchObject({
      quantity: '0',
      costBasis: '0',
      averageEntryPrice: null,
      realizedPnl: '144.14291',
    });
    expect(p.closedTrades.map((t) => [t.orderId, t.realizedPnl])).toEqual([
      ['A', '92.103598598598598599'],
      ['B', '52.039311401401401401'],
    ]);
    expect(unrealizedPnl(p, '120000')).toBe('0');
  });

  it('takes fills in time order whatever order they come in', () => {
    const shuffled = [closeAll, sellA[1]!, buys[1]!, sellA[0]!, buys[0]!];
    expect(buildPosition(BTC, shuffled)).toEqual(buildPosition(BTC, [...buys, ...sellA, closeAll]));
  });

  it('realises nothing on coins the fills never bought, and leaves BNB fees out of the cost', () => {
    const p = buildPosition(BTC, [
      fill(
        { side: 'BUY', price: '100', quantity: '1', commission: '0.01', commissionAsset: 'BNB' },
        1,
      ),
      fill({ orderId: 'S', side: 'SELL', price: '110', quantity: '3', commission: '0.33' }, 2),
    ]);
    // only 1 of the 3 sold had a cost: proceeds 110 − 0.11 (its third of the fee) − cost 100
    expect(p).toMatchObject({ quantity: '0', realizedPnl: '9.89' });
    expect(p.closedTrades).toEqual([
      {
        orderId: 'S',
        time: 2,
        quantity: '1',
        entryPrice: '100',
        exitPrice: '110',
        realizedPnl: '9.89',
      },
    ]);
    expect(
      buildPosition(BTC, [fill({ side: 'SELL', price: '1', quantity: '1' }, 1)]).closedTrades,
    ).toEqual([]);
  });
});
