import { describe, expect, it } from 'vitest';
import { MIN_START_MARGIN, isNearStart, shiftRange } from './visible-range';

describe('visible range', () => {
  it('is near the start within a fixed margin, or half a view when zoomed out', () => {
    expect(isNearStart(null)).toBe(false);
    expect(isNearStart({ from: MIN_START_MARGIN - 1, to: MIN_START_MARGIN + 20 })).toBe(true);
    expect(isNearStart({ from: MIN_START_MARGIN + 1, to: MIN_START_MARGIN + 20 })).toBe(false);
    expect(isNearStart({ from: -10, to: 50 })).toBe(true);
    // 400 bars in view: asks once fewer than 200 remain on the left.
    expect(isNearStart({ from: 199, to: 599 })).toBe(true);
    expect(isNearStart({ from: 201, to: 601 })).toBe(false);
  });

  it('shifts a view by the bars inserted before it', () => {
    expect(shiftRange({ from: 10.5, to: 90.5 }, 1000)).toEqual({ from: 1010.5, to: 1090.5 });
  });
});
