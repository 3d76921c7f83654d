import { describe, expect, it } from 'vitest';
import { miniTickerEventSchema } from './binance';
import {
  changePercent,
  decodeTickerBatch,
  encodeTickerBatches,
  miniTickerToTicker,
  type Ticker,
  tickerChanged,
} from './ticker';

const event = {
  e: '24hrMiniTicker',
  E: 1_761_712_000_000,
  s: 'BTCUSDT',
  c: '110000.00000000',
  o: '100000.00000000',
  h: '111000.50000000',
  l: '99000.00000000',
  v: '1234.5',
  q: '130000000.12',
};

describe('tickers', () => {
  it('turns a miniTicker event into a ticker with its 24h change', () => {
    const ticker = miniTickerToTicker(miniTickerEventSchema.parse(event));
    expect(ticker).toEqual({
      symbol: 'BTCUSDT',
      last: '110000.00000000',
      open: '100000.00000000',
      high: '111000.50000000',
      low: '99000.00000000',
      quoteVolume: '130000000.12',
      changePercent: 10,
      eventTime: 1_761_712_000_000,
    });
  });

  it('refuses malformed miniTicker events', () => {
    for (const bad of [
      { ...event, c: 110000 },
      { ...event, e: 'kline' },
      { ...event, E: 'now' },
      { ...event, q: 'lots' },
    ])
      expect(miniTickerEventSchema.safeParse(bad).success).toBe(false);
  });

  it('computes change % to 3 decimals, 0 for a zero open', () => {
    expect(changePercent('3.5', '3')).toBe(16.667);
    expect(changePercent('95', '100')).toBe(-5);
    expect(changePercent('1', '0')).toBe(0);
  });

  it('counts a ticker as changed only when a shown number moves', () => {
    const a = miniTickerToTicker(miniTickerEventSchema.parse(event));
    expect(tickerChanged(undefined, a)).toBe(true);
    expect(tickerChanged(a, { ...a, eventTime: a.eventTime + 1000 })).toBe(false);
    expect(tickerChanged(a, { ...a, last: '110000.01' })).toBe(true);
  });

  it('splits batches under the byte limit and decodes them back exactly', () => {
    const tickers: Ticker[] = Array.from({ length: 500 }, (_, i) =>
      miniTickerToTicker(
        miniTickerEventSchema.parse({ ...event, s: `SYM${i}USDT`, c: `${100 + i}.12345678` }),
      ),
    );
    const batches = encodeTickerBatches(tickers, 7500);
    expect(batches.length).toBeGreaterThan(1);
    for (const batch of batches) expect(JSON.stringify(batch).length).toBeLessThanOrEqual(7500);
    const decoded = batches.flatMap((b) => decodeTickerBatch(JSON.parse(JSON.stringify(b))) ?? []);
    expect(decoded).toEqual(tickers);
  });

  it('decodes nothing from a payload that is not a ticker batch', () => {
    expect(decodeTickerBatch({ rows: [['BTCUSDT', 'x']] })).toBeUndefined();
    expect(decodeTickerBatch('hello')).toBeUndefined();
    expect(decodeTickerBatch({ rows: [] })).toEqual([]);
  });
});
