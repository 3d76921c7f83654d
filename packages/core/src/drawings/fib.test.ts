import { describe, expect, it } from 'vitest';
import { DEFAULT_FIB_LEVELS, type DrawingOf } from './drawing';
import { fibLevels } from './fib';

const fib = (from: number, to: number, levels = [...DEFAULT_FIB_LEVELS]) =>
  ({
    id: 'f',
    kind: 'fib-retracement',
    anchors: [
      { time: 1000, price: from },
      { time: 2000, price: to },
    ],
    levels,
    style: { color: '#ffffff', width: 1, dash: 'solid' },
    locked: false,
    hidden: false,
  }) satisfies DrawingOf<'fib-retracement'>;

const prices = (d: DrawingOf<'fib-retracement'>) => fibLevels(d).map((l) => l.price);

describe('fibLevels', () => {
  it('retraces a rise from 100 to 200: level 0 at the top, 1 at the start', () => {
    const levels = fibLevels(fib(100, 200));
    expect(levels.map((l) => l.level)).toEqual([0, 0.236, 0.382, 0.5, 0.618, 0.786, 1]);
    const expected = [200, 176.4, 161.8, 150, 138.2, 121.4, 100];
    levels.forEach((level, i) => expect(level.price).toBeCloseTo(expected[i] ?? NaN, 10));
  });

  it('retraces a fall from 200 to 100 upwards', () => {
    const expected = [100, 123.6, 138.2, 150, 161.8, 178.6, 200];
    prices(fib(200, 100)).forEach((price, i) => expect(price).toBeCloseTo(expected[i] ?? NaN, 10));
  });

  it('places extensions beyond the swing and keeps the levels’ order', () => {
    expect(prices(fib(100, 200, [1.618, -0.618, 0.5]))).toEqual([
      expect.closeTo(38.2, 10),
      expect.closeTo(261.8, 10),
      150,
    ]);
  });

  it('puts every level at one price when the swing is flat', () => {
    expect(prices(fib(100, 100, [0, 0.5, 1]))).toEqual([100, 100, 100]);
  });
});
