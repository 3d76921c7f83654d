import { describe, expect, it } from 'vitest';
import { snapToBar } from './magnet';

const bar = { time: 3600, open: 100, high: 110, low: 90, close: 105 };

describe('snapToBar', () => {
  it('snaps to the bar’s time and its nearest price of open, high, low, close', () => {
    expect(snapToBar({ time: 3700, price: 108 }, bar)).toEqual({ time: 3600, price: 110 });
    expect(snapToBar({ time: 3700, price: 104 }, bar)).toEqual({ time: 3600, price: 105 });
    expect(snapToBar({ time: 3700, price: 101 }, bar)).toEqual({ time: 3600, price: 100 });
    expect(snapToBar({ time: 3700, price: 50 }, bar)).toEqual({ time: 3600, price: 90 });
    expect(snapToBar({ time: 3700, price: 500 }, bar)).toEqual({ time: 3600, price: 110 });
  });

  it('takes the first of open, high, low, close on a tie', () => {
    expect(snapToBar({ time: 0, price: 102.5 }, bar).price).toBe(100);
    expect(snapToBar({ time: 0, price: 5 }, { ...bar, close: 90 }).price).toBe(90);
  });

  it('leaves the point where it is without a bar', () => {
    const anchor = { time: 3700, price: 108 };
    expect(snapToBar(anchor, undefined)).toBe(anchor);
  });
});
