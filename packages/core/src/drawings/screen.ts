// Plane geometry in screen pixels for hit testing: distance to a segment, a line cut to a
// rectangle, a point inside a polygon. y grows downwards, as on a canvas; nothing here cares.

export interface Point {
  x: number;
  y: number;
}

export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export function distance(a: Point, b: Point): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

/** Shortest distance from p to the segment a–b (to the point a when a and b coincide). */
export function distanceToSegment(p: Point, a: Point, b: Point): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const lengthSquared = dx * dx + dy * dy;
  const t =
    lengthSquared === 0
      ? 0
      : Math.min(1, Math.max(0, ((p.x - a.x) * dx + (p.y - a.y) * dy) / lengthSquared));
  return Math.hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

/**
 * The part inside `box` of the points a + t·(b − a) for t in [from, to] (from = 0 for a ray that
 * starts at a, ±Infinity for a line through a and b), or null if none of it is inside.
 * Liang–Barsky clipping. For a = b the "line" is the single point a.
 */
export function clipToBox(
  a: Point,
  b: Point,
  from: number,
  to: number,
  box: Box,
): [Point, Point] | null {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  if (dx === 0 && dy === 0) return insideBox(a, box) ? [a, a] : null;
  let lo = from;
  let hi = to;
  const sides: [number, number][] = [
    [-dx, a.x - box.left],
    [dx, box.right - a.x],
    [-dy, a.y - box.top],
    [dy, box.bottom - a.y],
  ];
  for (const [step, room] of sides) {
    if (step === 0) {
      if (room < 0) return null;
      continue;
    }
    const t = room / step;
    if (step < 0) lo = Math.max(lo, t);
    else hi = Math.min(hi, t);
    if (lo > hi) return null;
  }
  return [
    { x: a.x + lo * dx, y: a.y + lo * dy },
    { x: a.x + hi * dx, y: a.y + hi * dy },
  ];
}

export function insideBox(p: Point, box: Box): boolean {
  return p.x >= box.left && p.x <= box.right && p.y >= box.top && p.y <= box.bottom;
}

/** The box spanned by two corners, grown by `margin` on every side. */
export function boxAround(a: Point, b: Point, margin = 0): Box {
  return {
    left: Math.min(a.x, b.x) - margin,
    top: Math.min(a.y, b.y) - margin,
    right: Math.max(a.x, b.x) + margin,
    bottom: Math.max(a.y, b.y) + margin,
  };
}

/** Even–odd rule: is p strictly inside the polygon (its edges may or may not count)? */
export function insidePolygon(p: Point, polygon: readonly Point[]): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const a = polygon[i];
    const b = polygon[j];
    if (!a || !b) continue;
    if (a.y > p.y !== b.y > p.y && p.x < ((b.x - a.x) * (p.y - a.y)) / (b.y - a.y) + a.x)
      inside = !inside;
  }
  return inside;
}
