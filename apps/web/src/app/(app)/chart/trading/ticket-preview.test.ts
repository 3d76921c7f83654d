// The ticket's preview on Binance's real BTCUSDT filters (tick 0.01, step 0.00001, NOTIONAL 5 USDT):
// the quantity as the exchange will take it, the fee in the asset received, and the refusal
// sentence the server would answer with.
import { BTCUSDT } from '@coinview/core/trading/fixtures/exchange-info';
import { exchangeSymbolSchema, symbolRules } from '@coinview/core/trading/symbol-rules';
import { describe, expect, it } from 'vitest';
import { previewTicket, type TicketDraft } from './ticket-preview';

const rules = { ...symbolRules(exchangeSymbolSchema.parse(BTCUSDT)), feeRate: '0.001' };
const draft: TicketDraft = {
  side: 'BUY',
  type: 'MARKET',
  amountKind: 'base',
  amount: '',
  price: '',
  account: 'paper',
};

describe('previewTicket', () => {
  it('says nothing until an amount is typed', () => {
    expect(previewTicket(rules, draft, '97310.55')).toEqual({
      ok: false,
      field: 'amount',
      message: undefined,
    });
  });

  it('rounds the quantity down to the step and charges the buy fee in BTC', () => {
    expect(previewTicket(rules, { ...draft, amount: '0.001239' }, '97310.55')).toEqual({
      ok: true,
      amount: { kind: 'base', value: '0.001239' },
      quantity: '0.00123',
      total: '119.6919765',
      fee: '0.00000123',
    });
  });

  it('charges a sell fee in USDT and rounds a sell limit price up to the tick', () => {
    const preview = previewTicket(
      rules,
      { ...draft, side: 'SELL', type: 'LIMIT', amount: '0.01', price: '97310.551' },
      '97000',
    );
    expect(preview).toMatchObject({
      ok: true,
      price: '97310.56',
      quantity: '0.01',
      total: '973.1056',
      fee: '0.9731056',
    });
  });

  it('refuses an order below the minimum notional with the trader sentence', () => {
    expect(previewTicket(rules, { ...draft, amount: '0.00004' }, '97310.55')).toEqual({
      ok: false,
      field: 'order',
      message: '0.00004 BTC is below the minimum order of 5 USDT at 97,310.55.',
    });
  });

  it('sizes a limit buy by total: quantity = total / price, rounded down', () => {
    expect(
      previewTicket(
        rules,
        { ...draft, type: 'LIMIT', amountKind: 'quote', amount: '100', price: '97310.55' },
        '97400',
      ),
    ).toMatchObject({ ok: true, quantity: '0.00102' });
  });

  it('points at the field that is not a number', () => {
    expect(previewTicket(rules, { ...draft, amount: 'abc' }, '1')).toMatchObject({
      ok: false,
      field: 'amount',
    });
    expect(
      previewTicket(rules, { ...draft, type: 'LIMIT', amount: '1', price: '-3' }, '1'),
    ).toMatchObject({ ok: false, field: 'price' });
  });
});
