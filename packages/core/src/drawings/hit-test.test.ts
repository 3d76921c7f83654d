import { describe, expect, it } from 'vitest';
import type { Anchor, Drawing, DrawingInput } from './drawing';
import { drawingSchema } from './drawing';
import { hitTest, hitTestAll, type ChartMapping } from './hit-test';

// time 1000 → x 0, each 10 s one pixel right; price p → y 400 − p (up is up).
const mapping: ChartMapping = {
  timeToX: (time) => (time - 1000) / 10,
  priceToY: (price) => 400 - price,
};
const viewport = { width: 500, height: 400 };
const p = (time: number, price: number): Anchor => ({ time, price });
const common = {
  id: 'd',
  style: { color: '#2962ff', width: 1, dash: 'solid' },
  locked: false,
  hidden: false,
} as const;
/** A drawing's own fields, one kind at a time; the id is optional. */
type Fields = DrawingInput extends infer D
  ? D extends DrawingInput
    ? Omit<D, keyof typeof common> & { id?: string }
    : never
  : never;
const draw = (fields: Fields) => drawingSchema.parse({ ...common, ...fields });
const hit = (d: Drawing, x: number, y: number, options = {}) =>
  hitTest(d, { x, y }, mapping, viewport, options);

const BODY = { part: 'body' };
const handle = (index: number) => ({ part: 'handle', index });

describe('hitTest: lines', () => {
  // (1000, 100) → (0, 300); (2000, 200) → (100, 200): a 45° segment.
  const trend = draw({ kind: 'trend-line', anchors: [p(1000, 100), p(2000, 200)] });

  it('hits a segment within the tolerance of it, measured square to the line', () => {
    expect(hit(trend, 50, 250)).toEqual(BODY);
    expect(hit(trend, 54, 254)).toEqual(BODY); // 5.66 px away
    expect(hit(trend, 54.3, 254.3)).toBeNull(); // 6.08 px away
    expect(hit(trend, 54.3, 254.3, { tolerance: 10 })).toEqual(BODY);
  });

  it('stops a segment at its points (plus the tolerance)', () => {
    expect(hit(trend, 150, 150)).toBeNull();
    expect(hit(trend, -10, 310)).toBeNull();
  });

  it('gives handles priority over the body, the nearest handle first', () => {
    expect(hit(trend, 3, 297)).toEqual(handle(0));
    expect(hit(trend, 104, 196)).toEqual(handle(1)); // 5.66 px beyond the end
    expect(hit(trend, 105, 195)).toBeNull(); // 7.07 px beyond
  });

  it('continues a ray past its second point to the chart’s edge, not back past its first', () => {
    // (1500, 150) → (50, 250); through (100, 200); on to (300, 0) at the top edge.
    const ray = draw({ kind: 'ray', anchors: [p(1500, 150), p(2000, 200)] });
    expect(hit(ray, 250, 50)).toEqual(BODY);
    expect(hit(ray, 20, 280)).toBeNull();
    const segment = draw({ kind: 'trend-line', anchors: [p(1500, 150), p(2000, 200)] });
    expect(hit(segment, 250, 50)).toBeNull();
  });

  it('extends an extended line both ways, but only within the chart', () => {
    const line = draw({ kind: 'extended-line', anchors: [p(1500, 150), p(2000, 200)] });
    expect(hit(line, 250, 50)).toEqual(BODY);
    expect(hit(line, 20, 280)).toEqual(BODY);
    expect(hit(line, -4, 304)).toEqual(BODY); // just outside, within the tolerance
    expect(hit(line, -20, 320)).toBeNull(); // on the line, but off the chart
  });

  it('crosses the whole chart with a horizontal line, at the tolerance and not beyond', () => {
    const level = draw({ kind: 'horizontal-line', anchors: [p(1500, 100)] });
    expect(hit(level, 490, 306)).toEqual(BODY);
    expect(hit(level, 10, 294)).toEqual(BODY);
    expect(hit(level, 490, 307)).toBeNull();
    expect(hit(level, 50, 300)).toEqual(handle(0));
  });

  it('finds a horizontal line whose point is off the chart’s time scale', () => {
    const level = draw({ kind: 'horizontal-line', anchors: [p(1500, 100)] });
    const noTime = { ...mapping, timeToX: () => null };
    expect(hitTest(level, { x: 50, y: 300 }, noTime, viewport)).toEqual(BODY);
  });

  it('starts a horizontal ray at its point', () => {
    const ray = draw({ kind: 'horizontal-ray', anchors: [p(1500, 100)] });
    expect(hit(ray, 400, 303)).toEqual(BODY);
    expect(hit(ray, 44, 300)).toEqual(handle(0));
    expect(hit(ray, 43, 300)).toBeNull();
    expect(hit(ray, 20, 300)).toBeNull();
  });

  it('does not hit a horizontal ray that starts right of the chart', () => {
    const ray = draw({ kind: 'horizontal-ray', anchors: [p(7000, 100)] }); // x = 600
    expect(hit(ray, 500, 300)).toBeNull();
  });

  it('runs a vertical line from top to bottom', () => {
    const line = draw({ kind: 'vertical-line', anchors: [p(1500, 100)] });
    expect(hit(line, 56, 10)).toEqual(BODY);
    expect(hit(line, 44, 390)).toEqual(BODY);
    expect(hit(line, 57, 10)).toBeNull();
  });

  it('cannot hit what the chart cannot place', () => {
    const noTime = { ...mapping, timeToX: () => null };
    expect(hitTest(trend, { x: 50, y: 250 }, noTime, viewport)).toBeNull();
  });
});

describe('hitTest: shapes', () => {
  // x 20..80, y 250..280
  const rectangle = draw({ kind: 'rectangle', anchors: [p(1200, 150), p(1800, 120)] });

  it('hits a rectangle inside and on its edges, and numbers its four corners', () => {
    expect(hit(rectangle, 50, 265)).toEqual(BODY);
    expect(hit(rectangle, 14, 265)).toEqual(BODY);
    expect(hit(rectangle, 13, 265)).toBeNull();
    expect(hit(rectangle, 50, 287)).toBeNull();
    expect(hit(rectangle, 21, 251)).toEqual(handle(0));
    expect(hit(rectangle, 80, 280)).toEqual(handle(1));
    expect(hit(rectangle, 20, 280)).toEqual(handle(2));
    expect(hit(rectangle, 80, 250)).toEqual(handle(3));
  });

  it('hits the measuring tools’ boxes like a rectangle', () => {
    const prices = draw({ kind: 'price-range', anchors: [p(1200, 150), p(1800, 120)] });
    const dates = draw({ kind: 'date-range', anchors: [p(1200, 150), p(1800, 120)] });
    expect(hit(prices, 50, 265)).toEqual(BODY);
    expect(hit(dates, 50, 265)).toEqual(BODY);
    expect(hit(dates, 50, 240)).toBeNull();
    expect(hit(dates, 80, 250)).toEqual(BODY); // a corner, but only its two points are handles
  });

  describe('parallel channel', () => {
    // upper (0, 280) → (100, 180), lower (0, 300) → (100, 200); third point (50, 230).
    const channel = draw({
      kind: 'parallel-channel',
      anchors: [p(1000, 100), p(2000, 200), p(1500, 170)],
    });

    it('hits the area between its lines and near them', () => {
      expect(hit(channel, 70, 220)).toEqual(BODY);
      expect(hit(channel, 70, 202)).toEqual(BODY); // 5.66 px above the upper line
      expect(hit(channel, 70, 201)).toBeNull(); // 6.36 px above
      expect(hit(channel, 70, 238)).toEqual(BODY); // 5.66 px below the lower line
      expect(hit(channel, 70, 239)).toBeNull();
      expect(hit(channel, 105, 190)).toEqual(BODY);
      expect(hit(channel, 107, 190)).toBeNull();
    });

    it('has three handles', () => {
      expect(hit(channel, 50, 232)).toEqual(handle(2));
      expect(hit(channel, 100, 200)).toEqual(handle(1));
    });
  });

  it('hits a Fibonacci retracement on its level lines across the points’ span', () => {
    // levels at y 200 (0), 250 (0.5), 300 (1), from x 0 to 100
    const fib = draw({
      kind: 'fib-retracement',
      anchors: [p(1000, 100), p(2000, 200)],
      levels: [0, 0.5, 1],
    });
    expect(hit(fib, 50, 256)).toEqual(BODY);
    expect(hit(fib, 50, 257)).toBeNull();
    expect(hit(fib, 50, 275)).toBeNull(); // between levels
    expect(hit(fib, 106, 250)).toEqual(BODY);
    expect(hit(fib, 107, 250)).toBeNull();
    expect(hit(fib, 99, 203)).toEqual(handle(1));
  });

  it('hits a position’s zones from the entry to the chart’s right edge', () => {
    // entry (50, 300), stop y 305, target y 285
    const long = draw({ kind: 'long-position', anchors: [p(1500, 100)], stop: 95, target: 115 });
    expect(hit(long, 300, 290)).toEqual(BODY);
    expect(hit(long, 300, 311)).toEqual(BODY);
    expect(hit(long, 300, 312)).toBeNull();
    expect(hit(long, 43, 295)).toBeNull();
    expect(hit(long, 49, 301)).toEqual(handle(0));
    expect(hit(long, 51, 306)).toEqual(handle(1));
    expect(hit(long, 50, 284)).toEqual(handle(2));
  });

  it('hits a position with an end only inside its box, and its end handle', () => {
    // entry (50, 300), end x 250
    const boxed = draw({
      kind: 'long-position',
      anchors: [p(1500, 100)],
      stop: 95,
      target: 115,
      endTime: 3500,
    });
    expect(hit(boxed, 200, 290)).toEqual(BODY);
    expect(hit(boxed, 300, 290)).toBeNull();
    expect(hit(boxed, 250, 300)).toEqual(handle(3));
  });

  it('hits a note in a box right of and below its point', () => {
    // "Hello": 5 × 7 px wide, 16 px high, from (50, 250)
    const note = draw({ kind: 'text', anchors: [p(1500, 150)], text: 'Hello' });
    expect(hit(note, 80, 260)).toEqual(BODY);
    expect(hit(note, 91, 260)).toEqual(BODY);
    expect(hit(note, 92, 260)).toBeNull();
    expect(hit(note, 80, 273)).toBeNull();
    expect(hit(note, 140, 265, { textSize: () => ({ width: 100, height: 20 }) })).toEqual(BODY);
  });
});

describe('hitTestAll', () => {
  const below = draw({ id: 'below', kind: 'horizontal-line', anchors: [p(1000, 100)] });
  const above = draw({ id: 'above', kind: 'rectangle', anchors: [p(1200, 90), p(1800, 110)] });

  it('returns the topmost drawing hit, the last one painted', () => {
    expect(hitTestAll([below, above], { x: 50, y: 300 }, mapping, viewport)).toEqual({
      drawing: above,
      index: 1,
      hit: BODY,
    });
    expect(hitTestAll([below, above], { x: 400, y: 300 }, mapping, viewport)).toMatchObject({
      index: 0,
    });
  });

  it('skips hidden drawings and returns null when nothing is hit', () => {
    const hidden = { ...above, hidden: true };
    expect(hit(hidden, 50, 300)).toBeNull();
    expect(hitTestAll([below, hidden], { x: 50, y: 300 }, mapping, viewport)).toMatchObject({
      drawing: below,
    });
    expect(hitTestAll([below, above], { x: 400, y: 100 }, mapping, viewport)).toBeNull();
    expect(hitTestAll([], { x: 400, y: 100 }, mapping, viewport)).toBeNull();
  });

  it('still hits a locked drawing, so it can be selected', () => {
    expect(hit({ ...above, locked: true }, 50, 300)).toEqual(BODY);
  });
});
