// Time and price to pixels for drawings, for any time rather than only the times of bars.
//
// lightweight-charts places a time only if it is a point of the time scale (timeToCoordinate is
// null between bars and after the last one), and a logical index only if it is whole
// (logicalToCoordinate(2.5) is 0). A drawing's point can be in neither: a target or a ray's second
// point in the future, or a point drawn on 1m bars and shown on 1h bars. So a time is first turned
// into a fractional logical index: a bar's own index; between two bars, in proportion to the time
// between them; before the first or after the last point, continued at the spacing of the first or
// last two points (the interval, unless the market paused just there). That index becomes x on the
// time scale's straight line through indexes 0 and 1. The other way, x rounds to the nearest bar
// slot, whose time is the bar's or, beyond the bars, the continued one: new points sit on bars, as
// on TradingView, and points in the future are on the slots the chart will fill.
import type { ChartMapping } from '@coinview/core/drawings';

/** What the mapping reads from the chart's time scale; all lookups, none of them a copy. */
export interface TimeScaleReader {
  /**
   * The index of the first point at or after `time`; the last point's index for a time after all
   * of them (lightweight-charts' `timeToIndex(time, true)`). Null while the scale has no points.
   */
  indexFrom(time: number): number | null;
  /** The time (UTC seconds) of the point at a whole index; null where there is none. */
  timeAt(index: number): number | null;
  /** The index of the last point; null while there are none. */
  lastIndex(): number | null;
  /** x of a whole index (lightweight-charts' `logicalToCoordinate`); null without points. */
  indexToX(index: number): number | null;
}

export interface PriceScaleReader {
  priceToY(price: number): number | null;
  yToPrice(y: number): number | null;
}

/** Core's ChartMapping plus the way back from pixels, as the drawing controller needs. */
export interface DrawingMapping extends ChartMapping {
  /** The time of the bar slot nearest `x` (future slots included); null without bars. */
  xToTime(x: number): number | null;
  yToPrice(y: number): number | null;
  /** The fractional logical index of `time` (see the module comment). */
  timeToLogical(time: number): number | null;
}

/** The fractional logical index of `time` on the scale `reader` reads. */
export function timeToLogical(reader: TimeScaleReader, time: number): number | null {
  const index = reader.indexFrom(time);
  if (index === null) return null;
  const at = reader.timeAt(index);
  if (at === null) return null;
  if (time === at) return index;
  const before = reader.timeAt(index - 1);
  if (time > at) {
    // After the last point: continue at the last spacing.
    return before === null || at <= before ? null : index + (time - at) / (at - before);
  }
  if (before !== null) return index - 1 + (time - before) / (at - before);
  // Before the first point: continue at the first spacing.
  const after = reader.timeAt(index + 1);
  return after === null || after <= at ? null : index - (at - time) / (after - at);
}

/** The time of the slot at a whole logical index: a point's, or continued beyond the points. */
export function slotTime(reader: TimeScaleReader, index: number): number | null {
  const own = reader.timeAt(index);
  if (own !== null) return own;
  const last = reader.lastIndex();
  if (last === null) return null;
  // Beyond either end: step from the nearest end at that end's spacing.
  const [end, neighbour] = index > last ? [last, last - 1] : [0, 1];
  const endTime = reader.timeAt(end);
  const neighbourTime = reader.timeAt(neighbour);
  if (endTime === null || neighbourTime === null) return null;
  const spacing = Math.abs(endTime - neighbourTime);
  return spacing === 0 ? null : endTime + (index - end) * spacing;
}

/**
 * A mapping over the chart as it is now. Cheap to make: make one per frame or per pointer event
 * (the scale's position is read once, when first needed).
 */
export function createDrawingMapping(
  time: TimeScaleReader,
  price: PriceScaleReader,
): DrawingMapping {
  let line: { x0: number; step: number } | null | undefined;
  const scaleLine = () => {
    if (line !== undefined) return line;
    const x0 = time.indexToX(0);
    const x1 = time.indexToX(1);
    line = x0 === null || x1 === null || x1 === x0 ? null : { x0, step: x1 - x0 };
    return line;
  };
  const toLogical = (t: number) => timeToLogical(time, t);
  return {
    timeToLogical: toLogical,
    timeToX(t) {
      const logical = toLogical(t);
      const l = scaleLine();
      return logical === null || l === null ? null : l.x0 + logical * l.step;
    },
    xToTime(x) {
      const l = scaleLine();
      return l === null ? null : slotTime(time, Math.round((x - l.x0) / l.step));
    },
    priceToY: (p) => price.priceToY(p),
    yToPrice: (y) => price.yToPrice(y),
  };
}
