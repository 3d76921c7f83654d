import { describe, expect, it } from 'vitest';
import { boxAround, clipToBox, distanceToSegment, insidePolygon } from './screen';

const box = { left: 0, top: 0, right: 100, bottom: 100 };

describe('distanceToSegment', () => {
  it('measures square to the segment inside it and to the nearer end beyond it', () => {
    expect(distanceToSegment({ x: 5, y: 3 }, { x: 0, y: 0 }, { x: 10, y: 0 })).toBe(3);
    expect(distanceToSegment({ x: 13, y: 4 }, { x: 0, y: 0 }, { x: 10, y: 0 })).toBe(5);
    expect(distanceToSegment({ x: 3, y: 4 }, { x: 0, y: 0 }, { x: 0, y: 0 })).toBe(5);
  });
});

describe('clipToBox', () => {
  it('cuts a line through two points at the box’s edges', () => {
    expect(clipToBox({ x: 10, y: 10 }, { x: 20, y: 20 }, -Infinity, Infinity, box)).toEqual([
      { x: 0, y: 0 },
      { x: 100, y: 100 },
    ]);
  });

  it('cuts a ray at its start', () => {
    expect(clipToBox({ x: 50, y: 50 }, { x: 60, y: 50 }, 0, Infinity, box)).toEqual([
      { x: 50, y: 50 },
      { x: 100, y: 50 },
    ]);
  });

  it('returns null for a line that misses the box, and a point for a point inside it', () => {
    expect(clipToBox({ x: 150, y: 0 }, { x: 250, y: 100 }, -Infinity, Infinity, box)).toBeNull();
    expect(clipToBox({ x: 50, y: 150 }, { x: 60, y: 150 }, -Infinity, Infinity, box)).toBeNull();
    expect(clipToBox({ x: 50, y: 50 }, { x: 40, y: 50 }, 0, Infinity, box)?.[1]).toEqual({
      x: 0,
      y: 50,
    });
    expect(clipToBox({ x: 5, y: 5 }, { x: 5, y: 5 }, 0, Infinity, box)).toEqual([
      { x: 5, y: 5 },
      { x: 5, y: 5 },
    ]);
  });
});

describe('insidePolygon and boxAround', () => {
  it('tells inside from outside a parallelogram', () => {
    const shape = [
      { x: 0, y: 10 },
      { x: 10, y: 0 },
      { x: 10, y: 10 },
      { x: 0, y: 20 },
    ];
    expect(insidePolygon({ x: 5, y: 10 }, shape)).toBe(true);
    expect(insidePolygon({ x: 2, y: 2 }, shape)).toBe(false);
    expect(insidePolygon({ x: 5, y: 18 }, shape)).toBe(false);
  });

  it('spans two corners in any order, grown by a margin', () => {
    expect(boxAround({ x: 10, y: 50 }, { x: 0, y: 20 }, 2)).toEqual({
      left: -2,
      top: 18,
      right: 12,
      bottom: 52,
    });
  });
});
