import { describe, expect, it } from 'vitest';
import { priceAt } from './price-context-menu';

describe('price under a right-click', () => {
  const scale = (y: number) => 110_000 - y * 10; // 0 px = 110,000; 100 px = 109,000

  it('is the price scale value at the pointer inside the price pane', () => {
    expect(priceAt(0, 400, scale)).toBe(110_000);
    expect(priceAt(100, 400, scale)).toBe(109_000);
  });

  it('is none below the price pane or where the scale has no value', () => {
    expect(priceAt(401, 400, scale)).toBeNull();
    expect(priceAt(-1, 400, scale)).toBeNull();
    expect(priceAt(10, 400, () => null)).toBeNull();
  });
});
