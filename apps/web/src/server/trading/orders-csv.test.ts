// The CSV export: a header and one line per order with the stored decimal strings untouched, UTC
// times, quoting by csv-stringify, and spreadsheet formulas defused.
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { OrderView } from './order-view';
import { ordersCsv } from './orders-csv';

const order: OrderView = {
  id: 'o1',
  clientOrderId: 'cv-t-abc',
  exchangeOrderId: '12',
  createdAt: Date.UTC(2026, 11, 3, 14, 0, 0),
  updatedAt: Date.UTC(2026, 11, 3, 14, 0, 1),
  symbol: 'BTCUSDT',
  side: 'BUY',
  type: 'MARKET',
  status: 'FILLED',
  price: null,
  quantity: '0.00012000',
  quoteOrderQty: null,
  executedQty: '0.00012000',
  cummulativeQuoteQty: '11.67726600',
  averagePrice: '97310.55',
  fee: '0.00000012',
  feeAsset: 'BTC',
  rejectReason: null,
  source: { kind: 'alert', ruleId: 'r1', ruleName: 'RSI, "oversold"' },
  account: { kind: 'paper' },
  fills: [],
};

describe('ordersCsv', () => {
  it('writes a header and the exact stored decimals, quoting commas and quotes', () => {
    const rows = parse<Record<string, string>>(ordersCsv([order]), { columns: true });
    expect(rows).toEqual([
      expect.objectContaining({
        time: '2026-12-03T14:00:00.000Z',
        symbol: 'BTCUSDT',
        quantity: '0.00012000',
        averagePrice: '97310.55',
        fee: '0.00000012',
        feeAsset: 'BTC',
        source: 'alert: RSI, "oversold"',
        account: 'paper',
        clientOrderId: 'cv-t-abc',
      }),
    ]);
  });

  it('defuses a cell a spreadsheet would run as a formula', () => {
    const csv = ordersCsv([
      { ...order, status: 'REJECTED', rejectReason: '=HYPERLINK("http://x")' },
    ]);
    const rows = parse<Record<string, string>>(csv, { columns: true });
    expect(rows[0]!.rejectReason).toBe(`'=HYPERLINK("http://x")`);
  });

  it('writes only the header when nothing matches', () => {
    expect(ordersCsv([]).trim().split('\r\n')).toHaveLength(1);
  });
});
