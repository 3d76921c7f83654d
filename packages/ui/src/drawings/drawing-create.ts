// A new drawing from the points a trader has clicked: how many points each tool takes, and the
// defaults of what the clicks do not say (a position's stop and target, a note's text).
import {
  DEFAULT_FIB_LEVELS,
  type Anchor,
  type Drawing,
  type DrawingKind,
  type DrawingStyle,
} from '@coinview/core/drawings';

/** Clicks (or click-drag-release for the first two) each tool takes, as on TradingView. */
export const POINTS_NEEDED: Readonly<Record<DrawingKind, 1 | 2 | 3>> = {
  'trend-line': 2,
  ray: 2,
  'extended-line': 2,
  'horizontal-line': 1,
  'horizontal-ray': 1,
  'vertical-line': 1,
  rectangle: 2,
  'parallel-channel': 3,
  'fib-retracement': 2,
  'long-position': 1,
  'short-position': 1,
  'price-range': 2,
  'date-range': 2,
  text: 1,
};

export interface NewDrawingDefaults {
  style: DrawingStyle;
  /** A new note's text, for the trader to edit. */
  noteText: string;
  /** A new position's distance from entry to stop, in price; the target is twice as far. */
  positionRisk: number;
  /** A new position's box length in seconds (none: the zones run to the chart's right edge). */
  positionSeconds?: number;
}

/** A new position's target is this many times as far from the entry as its stop (R:R 2). */
export const DEFAULT_REWARD_RATIO = 2;

/**
 * The drawing of `kind` through `points`; the points it still lacks repeat the last one (so the
 * drawing being placed follows the pointer). Not validated: a preview may not be a valid drawing
 * (a trend line's two points at one time) — check with drawingSchema before keeping it.
 */
export function newDrawing(
  kind: DrawingKind,
  id: string,
  points: readonly [Anchor, ...Anchor[]],
  defaults: NewDrawingDefaults,
): Drawing {
  const p = (i: number): Anchor => points[Math.min(i, points.length - 1)] ?? points[0];
  const base = { id, style: { ...defaults.style }, locked: false, hidden: false };
  switch (kind) {
    case 'trend-line':
    case 'ray':
    case 'extended-line':
    case 'rectangle':
    case 'price-range':
    case 'date-range':
      return { ...base, kind, anchors: [p(0), p(1)] };
    case 'horizontal-line':
    case 'horizontal-ray':
    case 'vertical-line':
      return { ...base, kind, anchors: [p(0)] };
    case 'parallel-channel':
      return { ...base, kind, anchors: [p(0), p(1), p(2)] };
    case 'fib-retracement':
      return { ...base, kind, anchors: [p(0), p(1)], levels: [...DEFAULT_FIB_LEVELS] };
    case 'long-position':
    case 'short-position': {
      const entry = p(0);
      // Kept above zero: a long's stop and a short's target at most this far below the entry.
      const risk = Math.min(defaults.positionRisk, entry.price / (DEFAULT_REWARD_RATIO + 1));
      const side = kind === 'long-position' ? 1 : -1;
      return {
        ...base,
        kind,
        anchors: [entry],
        stop: entry.price - side * risk,
        target: entry.price + side * risk * DEFAULT_REWARD_RATIO,
        ...(defaults.positionSeconds && defaults.positionSeconds > 0
          ? { endTime: entry.time + Math.round(defaults.positionSeconds) }
          : {}),
      };
    }
    case 'text':
      return { ...base, kind, anchors: [p(0)], text: defaults.noteText };
  }
}
