import { describe, expect, it } from 'vitest';
import { intervalLabel, marketHref, parseMarket } from './markets';

describe('chart markets', () => {
  it('reads a requested market from the address, leaving out what is malformed', () => {
    expect(parseMarket({ symbol: 'ethusdt', interval: '1h' })).toEqual({
      symbol: 'ETHUSDT',
      interval: '1h',
    });
    expect(parseMarket({ symbol: 'SOLUSDT' })).toEqual({ symbol: 'SOLUSDT' });
    expect(parseMarket({ symbol: 'BTC/USDT;drop', interval: '7m' })).toEqual({});
    expect(parseMarket({ symbol: ['ETHUSDT', 'BTCUSDT'], interval: ['1M'] })).toEqual({
      symbol: 'ETHUSDT',
      interval: '1M',
    });
    expect(marketHref({ symbol: 'ETHUSDT', interval: '4h' })).toBe(
      '/chart?symbol=ETHUSDT&interval=4h',
    );
  });

  it('names intervals in words', () => {
    expect(intervalLabel('1m')).toBe('1 minute');
    expect(intervalLabel('15m')).toBe('15 minutes');
    expect(intervalLabel('1M')).toBe('1 month');
    expect(intervalLabel('1w')).toBe('1 week');
  });
});
