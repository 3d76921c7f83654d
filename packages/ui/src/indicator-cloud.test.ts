import { describe, expect, it } from 'vitest';
import { cloudQuads } from './indicator-cloud';

const v = (leadA: number | null, leadB: number | null) => ({ leadA, leadB });

describe('cloudQuads', () => {
  // x = 10 px per bar; y = the price itself (a flipped scale is irrelevant to the geometry).
  const toX = (logical: number) => logical * 10;
  const toY = (price: number) => price;

  it('spans neighbouring bars, placed `shift` bars ahead, coloured by which span is above', () => {
    const values = [v(null, 5), v(10, 5), v(12, 6), v(4, 8)];
    const quads = cloudQuads(values, 2, 0, 100, toX, toY);
    expect(quads).toEqual([
      { x0: 30, x1: 40, a0: 10, b0: 5, a1: 12, b1: 6, bullish: true },
      // Where the spans cross, a band takes the colour of the span above on average (12+4 ≥ 6+8).
      { x0: 40, x1: 50, a0: 12, b0: 6, a1: 4, b1: 8, bullish: true },
    ]);
    const bearish = cloudQuads([v(1, 5), v(2, 6)], 0, 0, 10, toX, toY);
    expect(bearish[0]!.bullish).toBe(false);
  });

  it('walks only the bars in view (plus one each side) and breaks at gaps', () => {
    const values = Array.from({ length: 1000 }, (_, i) => (i === 505 ? v(null, 1) : v(2, 1)));
    const quads = cloudQuads(values, 0, 500, 510, toX, toY);
    expect(quads[0]!.x0).toBe(4990);
    expect(quads.at(-1)!.x1).toBe(5110);
    // Bars 504→505 and 505→506 are missing: 13 points with a hole give 10 bands.
    expect(quads).toHaveLength(10);
  });

  it('skips points the scales cannot place', () => {
    const quads = cloudQuads([v(2, 1), v(2, 1), v(2, 1)], 0, 0, 2, toX, (p) =>
      p > 1.5 ? null : p,
    );
    expect(quads).toEqual([]);
  });
});
