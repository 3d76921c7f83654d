// A line drawing's price at a time: what an alert on "close crosses the trend line" compares with,
// and what the chart labels. Only `kind` and `anchors` matter, so a rule can keep just those.
//
// Prices are interpolated linearly in (time, price). On a log price scale, or across months of
// unequal length, the line the chart draws straight between two points is not exactly that line;
// at the anchors themselves both agree.
import type { Anchor, Drawing, DrawingOf } from './drawing';

export const LINE_KINDS = [
  'trend-line',
  'ray',
  'extended-line',
  'horizontal-line',
  'horizontal-ray',
] as const;
export type LineKind = (typeof LINE_KINDS)[number];

/** A line through two points: a segment (trend line), a ray from the first, or both ways. */
export interface SlopedLine {
  kind: 'trend-line' | 'ray' | 'extended-line';
  anchors: readonly [Anchor, Anchor];
}
/** A level: across the whole chart, or to the right of its point. */
export interface LevelLine {
  kind: 'horizontal-line' | 'horizontal-ray';
  anchors: readonly [Anchor];
}
export type Line = SlopedLine | LevelLine;

export function isLine(d: Drawing): d is DrawingOf<LineKind> {
  return (LINE_KINDS as readonly string[]).includes(d.kind);
}

/**
 * The line's price at `time` (UTC epoch seconds), or null where the line does not exist: outside a
 * trend line's two points, on the far side of a ray's first point (a ray runs from its first point
 * through its second, either way in time), left of a horizontal ray. Null, too, for two points at
 * one time, which no valid drawing has.
 */
export function priceAt(line: Line, time: number): number | null {
  if (isLevelLine(line)) {
    const [point] = line.anchors;
    return line.kind === 'horizontal-line' || time >= point.time ? point.price : null;
  }
  const [a, b] = line.anchors;
  if (a.time === b.time) return null;
  const along = (time - a.time) / (b.time - a.time);
  if (line.kind === 'trend-line' && (along < 0 || along > 1)) return null;
  if (line.kind === 'ray' && along < 0) return null;
  return a.price + (b.price - a.price) * along;
}

function isLevelLine(line: Line): line is LevelLine {
  return line.kind === 'horizontal-line' || line.kind === 'horizontal-ray';
}

/** Like priceAt for a line through both points, wherever `time` is. */
function extendedPrice(a: Anchor, b: Anchor, time: number): number {
  return a.price + ((b.price - a.price) * (time - a.time)) / (b.time - a.time);
}

/**
 * How far the channel's parallel line is above its base line (negative: below), in price: the
 * third point's price minus the base line's price at the third point's time (the base line extended
 * if the third point lies outside it).
 */
export function channelOffset(d: DrawingOf<'parallel-channel'>): number {
  const [a, b, c] = d.anchors;
  return c.price - extendedPrice(a, b, c.time);
}

export interface ChannelLines {
  upper: SlopedLine & { kind: 'trend-line' };
  lower: SlopedLine & { kind: 'trend-line' };
  middle: SlopedLine & { kind: 'trend-line' };
}

/**
 * The channel's three lines as segments over the base line's time span: the base line, the
 * parallel through the third point, and the middle between them. Upper is the higher of the two.
 */
export function channelLines(d: DrawingOf<'parallel-channel'>): ChannelLines {
  const offset = channelOffset(d);
  const [a, b] = d.anchors;
  const shifted = (by: number): SlopedLine & { kind: 'trend-line' } => ({
    kind: 'trend-line',
    anchors: [
      { time: a.time, price: a.price + by },
      { time: b.time, price: b.price + by },
    ],
  });
  return {
    upper: shifted(Math.max(0, offset)),
    lower: shifted(Math.min(0, offset)),
    middle: shifted(offset / 2),
  };
}
