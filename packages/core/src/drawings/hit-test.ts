// Which drawing, and which part of it, is under the pointer. Hit testing happens in screen pixels,
// since a tolerance means "within a few pixels" whatever the zoom; the chart supplies the mapping
// from time and price to pixels (lightweight-charts' timeToCoordinate and priceToCoordinate).
import type { Anchor, Drawing, DrawingOf } from './drawing';
import { handleAnchors } from './edit';
import { fibLevels } from './fib';
import { channelLines } from './line';
import {
  boxAround,
  clipToBox,
  distance,
  distanceToSegment,
  insideBox,
  insidePolygon,
  type Point,
} from './screen';

/**
 * Time and price to pixels in the chart's pane; null when the chart cannot place them (a time
 * outside the loaded bars, say). Separate functions, because a horizontal line needs only the
 * price and a vertical line only the time.
 */
export interface ChartMapping {
  timeToX(time: number): number | null;
  priceToY(price: number): number | null;
}

export interface Viewport {
  width: number;
  height: number;
}

export type DrawingHit = { part: 'handle'; index: number } | { part: 'body' };

export const DEFAULT_HIT_TOLERANCE = 6;

export interface HitTestOptions {
  /** How near, in pixels, the pointer must be to a line or handle. Default 6. */
  tolerance?: number;
  /**
   * A note's size in pixels as the chart renders it (the note's point is its top-left corner).
   * Without it the size is estimated: 7 px per character of its longest line, 16 px per line.
   */
  textSize?: (note: DrawingOf<'text'>) => { width: number; height: number };
}

/**
 * The part of `d` under `pointer`: the nearest handle within the tolerance, else the body, else
 * null. A hidden drawing is never hit; a locked one is (it can be selected, not edited).
 */
export function hitTest(
  d: Drawing,
  pointer: Point,
  mapping: ChartMapping,
  viewport: Viewport,
  options: HitTestOptions = {},
): DrawingHit | null {
  if (d.hidden) return null;
  const tolerance = options.tolerance ?? DEFAULT_HIT_TOLERANCE;
  let handle: DrawingHit | null = null;
  let nearest = Infinity;
  for (const [index, anchor] of handleAnchors(d).entries()) {
    const at = toScreen(anchor, mapping);
    const away = at ? distance(at, pointer) : Infinity;
    if (away <= tolerance && away < nearest) {
      nearest = away;
      handle = { part: 'handle', index };
    }
  }
  if (handle) return handle;
  return hitsBody(d, pointer, mapping, viewport, tolerance, options) ? { part: 'body' } : null;
}

/** The topmost drawing under the pointer (drawings are painted in array order, last on top). */
export function hitTestAll(
  drawings: readonly Drawing[],
  pointer: Point,
  mapping: ChartMapping,
  viewport: Viewport,
  options: HitTestOptions = {},
): { drawing: Drawing; index: number; hit: DrawingHit } | null {
  for (let index = drawings.length - 1; index >= 0; index--) {
    const drawing = drawings[index];
    const hit = drawing && hitTest(drawing, pointer, mapping, viewport, options);
    if (drawing && hit) return { drawing, index, hit };
  }
  return null;
}

function toScreen(anchor: Anchor, mapping: ChartMapping): Point | null {
  const x = mapping.timeToX(anchor.time);
  const y = mapping.priceToY(anchor.price);
  return x === null || y === null ? null : { x, y };
}

function hitsBody(
  d: Drawing,
  pointer: Point,
  mapping: ChartMapping,
  viewport: Viewport,
  tolerance: number,
  options: HitTestOptions,
): boolean {
  // Lines that run to the chart's edge are cut there (grown by the tolerance), not at infinity.
  const pane = { left: 0, top: 0, right: viewport.width, bottom: viewport.height };
  const grownPane = boxAround({ x: 0, y: 0 }, { x: viewport.width, y: viewport.height }, tolerance);
  const near = (a: Point, b: Point) => distanceToSegment(pointer, a, b) <= tolerance;
  const nearClipped = (a: Point, b: Point, from: number, to: number) => {
    const part = clipToBox(a, b, from, to, grownPane);
    return part !== null && near(...part);
  };
  const points = d.anchors.map((anchor) => toScreen(anchor, mapping));
  const [a, b] = points;

  switch (d.kind) {
    case 'trend-line':
      return !!a && !!b && near(a, b);
    case 'ray':
      return !!a && !!b && nearClipped(a, b, 0, Infinity);
    case 'extended-line':
      return !!a && !!b && nearClipped(a, b, -Infinity, Infinity);
    case 'horizontal-line':
    case 'horizontal-ray': {
      const y = mapping.priceToY(d.anchors[0].price);
      if (y === null) return false;
      const left = d.kind === 'horizontal-line' ? pane.left : mapping.timeToX(d.anchors[0].time);
      return left !== null && near({ x: left, y }, { x: Math.max(left, pane.right), y });
    }
    case 'vertical-line': {
      const x = mapping.timeToX(d.anchors[0].time);
      return x !== null && near({ x, y: pane.top }, { x, y: pane.bottom });
    }
    case 'rectangle':
    case 'price-range':
    case 'date-range':
      return !!a && !!b && insideBox(pointer, boxAround(a, b, tolerance));
    case 'parallel-channel': {
      const { upper, lower } = channelLines(d);
      const [u0, u1] = upper.anchors.map((anchor) => toScreen(anchor, mapping));
      const [l0, l1] = lower.anchors.map((anchor) => toScreen(anchor, mapping));
      if (!u0 || !u1 || !l0 || !l1) return false;
      const outline = [u0, u1, l1, l0];
      return (
        insidePolygon(pointer, outline) ||
        outline.some((corner, i) => near(corner, outline[(i + 1) % outline.length] ?? corner))
      );
    }
    case 'fib-retracement': {
      if (!a || !b) return false;
      return fibLevels(d).some(({ price }) => {
        const y = mapping.priceToY(price);
        return y !== null && near({ x: a.x, y }, { x: b.x, y });
      });
    }
    case 'long-position':
    case 'short-position': {
      // The position's zones run from the entry to its end, or to the chart's right edge.
      const x = mapping.timeToX(d.anchors[0].time);
      const stopY = mapping.priceToY(d.stop);
      const targetY = mapping.priceToY(d.target);
      const endX =
        d.endTime === undefined ? Math.max(x ?? 0, pane.right) : mapping.timeToX(d.endTime);
      if (x === null || endX === null || stopY === null || targetY === null) return false;
      const zones = boxAround({ x, y: stopY }, { x: endX, y: targetY }, tolerance);
      return insideBox(pointer, zones);
    }
    case 'text': {
      if (!a) return false;
      const size = options.textSize?.(d) ?? estimatedTextSize(d.text);
      const corner = { x: a.x + size.width, y: a.y + size.height };
      return insideBox(pointer, boxAround(a, corner, tolerance));
    }
  }
}

function estimatedTextSize(text: string): { width: number; height: number } {
  const lines = text.split('\n');
  return {
    width: Math.max(...lines.map((line) => line.length)) * 7,
    height: lines.length * 16,
  };
}
