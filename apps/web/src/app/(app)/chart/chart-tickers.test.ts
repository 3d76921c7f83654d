import type { Ticker } from '@coinview/core/ticker';
import { describe, expect, it } from 'vitest';
import { chartTickers } from './chart-tickers';

const ticker = (symbol: string, last: string, eventTime: number): Ticker => ({
  symbol,
  last,
  open: '100.00',
  high: '120.00',
  low: '90.00',
  quoteVolume: '1000',
  changePercent: Number(last) - 100,
  eventTime,
});

describe('chartTickers', () => {
  const live = new Map([
    ['BTCUSDT', ticker('BTCUSDT', '101.00', 2000)],
    ['ETHUSDT', ticker('ETHUSDT', '99.00', 2000)],
  ]);

  it('prices the chart symbol at the chart candle close, with its 24 h change from that price', () => {
    const out = chartTickers(live, 'BTCUSDT', null, '102.50');
    expect(out.get('BTCUSDT')).toMatchObject({
      last: '102.50',
      changePercent: 2.5,
      open: '100.00',
    });
    expect(out.get('ETHUSDT')).toBe(live.get('ETHUSDT'));
  });

  it('uses the prefetched ticker until a live one as new arrives', () => {
    const prefetched = ticker('BTCUSDT', '103.00', 3000);
    expect(chartTickers(live, 'BTCUSDT', prefetched, undefined).get('BTCUSDT')).toBe(prefetched);
    expect(chartTickers(new Map(), 'BTCUSDT', prefetched, undefined).get('BTCUSDT')).toBe(
      prefetched,
    );
    const older = ticker('BTCUSDT', '100.50', 1000);
    expect(chartTickers(live, 'BTCUSDT', older, undefined)).toBe(live);
    // Another symbol's prefetched ticker (the chart moved on) is ignored.
    expect(chartTickers(live, 'ETHUSDT', prefetched, undefined)).toBe(live);
  });

  it('leaves a symbol without any ticker out (no 24 h numbers to show)', () => {
    expect(chartTickers(new Map(), 'BTCUSDT', null, '102.50').has('BTCUSDT')).toBe(false);
  });
});
