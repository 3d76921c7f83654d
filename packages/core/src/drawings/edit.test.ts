import { describe, expect, it } from 'vitest';
import { drawingSchema, type Anchor, type DrawingInput, type DrawingOf } from './drawing';
import { handleAnchors, moveDrawing, moveHandle } from './edit';
import { channelOffset } from './line';

const p = (time: number, price: number): Anchor => ({ time, price });
const common = {
  id: 'd',
  style: { color: '#2962ff', width: 1, dash: 'solid' },
  locked: false,
  hidden: false,
} as const;
function draw<K extends DrawingInput['kind']>(
  fields: Omit<Extract<DrawingInput, { kind: K }>, keyof typeof common> & Partial<typeof common>,
): DrawingOf<K> {
  return drawingSchema.parse({ ...common, ...fields }) as DrawingOf<K>;
}

const trend = draw<'trend-line'>({ kind: 'trend-line', anchors: [p(1000, 100), p(2000, 200)] });
const long = draw<'long-position'>({
  kind: 'long-position',
  anchors: [p(1000, 100)],
  stop: 95,
  target: 115,
  quantity: 2,
});

describe('handleAnchors', () => {
  it('puts handles on the points, a rectangle’s four corners and a position’s three levels', () => {
    expect(handleAnchors(trend)).toEqual([p(1000, 100), p(2000, 200)]);
    const rectangle = draw<'rectangle'>({ kind: 'rectangle', anchors: [p(1, 10), p(2, 20)] });
    expect(handleAnchors(rectangle)).toEqual([p(1, 10), p(2, 20), p(1, 20), p(2, 10)]);
    expect(handleAnchors(long)).toEqual([p(1000, 100), p(1000, 95), p(1000, 115)]);
  });
});

describe('moveDrawing', () => {
  it('moves every point, returning a new drawing', () => {
    const moved = moveDrawing(trend, 500, -10);
    expect(moved.anchors).toEqual([p(1500, 90), p(2500, 190)]);
    expect(trend.anchors).toEqual([p(1000, 100), p(2000, 200)]);
    expect(moveDrawing(trend, 499.6, 0).anchors[0].time).toBe(1500);
  });

  it('moves a position’s stop and target with its entry', () => {
    const moved = moveDrawing(long, 60, 5);
    expect(moved).toMatchObject({ anchors: [p(1060, 105)], stop: 100, target: 120, quantity: 2 });
  });

  it('moves every point of a channel and keeps a Fibonacci retracement’s levels', () => {
    const channel = draw<'parallel-channel'>({
      kind: 'parallel-channel',
      anchors: [p(1000, 100), p(2000, 200), p(1500, 170)],
    });
    expect(moveDrawing(channel, 10, 1).anchors).toEqual([p(1010, 101), p(2010, 201), p(1510, 171)]);
    const fib = draw<'fib-retracement'>({
      kind: 'fib-retracement',
      anchors: [p(1000, 100), p(2000, 200)],
      levels: [0.5, 1.618],
    });
    expect(moveDrawing(fib, 10, 1)).toMatchObject({ levels: [0.5, 1.618] });
  });

  it('refuses a move that would break the drawing, returning it unchanged', () => {
    expect(moveDrawing(long, 0, -95)).toBe(long); // the stop would be at 0
    expect(moveDrawing(trend, -2000, 0)).toBe(trend); // before 1970
    expect(moveDrawing(trend, 0, Number.NaN)).toBe(trend);
  });

  it('never moves a locked drawing', () => {
    const locked = { ...trend, locked: true };
    expect(moveDrawing(locked, 500, 10)).toBe(locked);
  });
});

describe('moveHandle', () => {
  it('drags a point to a new time and price (time rounded to seconds)', () => {
    expect(moveHandle(trend, 1, p(3000, 300)).anchors).toEqual([p(1000, 100), p(3000, 300)]);
    expect(moveHandle(trend, 0, p(1200.4, 90)).anchors[0]).toEqual(p(1200, 90));
    expect(trend.anchors[1]).toEqual(p(2000, 200));
  });

  it('lets a trend line’s points cross in time, but not meet', () => {
    expect(moveHandle(trend, 1, p(500, 50)).anchors).toEqual([p(1000, 100), p(500, 50)]);
    expect(moveHandle(trend, 1, p(1000, 250))).toBe(trend);
    expect(moveHandle(trend, 0, p(1999.6, 10))).toBe(trend); // rounds onto the other point
  });

  it('ignores a handle the drawing does not have', () => {
    expect(moveHandle(trend, 2, p(3000, 300))).toBe(trend);
    expect(moveHandle(trend, -1, p(3000, 300))).toBe(trend);
  });

  it('drags a rectangle’s other corners', () => {
    const rectangle = draw<'rectangle'>({ kind: 'rectangle', anchors: [p(1, 10), p(2, 20)] });
    expect(moveHandle(rectangle, 2, p(0, 25)).anchors).toEqual([p(0, 10), p(2, 25)]);
    expect(moveHandle(rectangle, 3, p(5, 8)).anchors).toEqual([p(1, 8), p(5, 20)]);
  });

  it('drags a position’s entry, stop and target, keeping them in order', () => {
    expect(moveHandle(long, 1, p(5000, 97))).toMatchObject({ stop: 97, anchors: [p(1000, 100)] });
    expect(moveHandle(long, 2, p(5000, 130))).toMatchObject({ target: 130 });
    expect(moveHandle(long, 0, p(1600, 98))).toMatchObject({
      anchors: [p(1600, 98)],
      stop: 95,
      target: 115,
    });
    expect(moveHandle(long, 1, p(1000, 101))).toBe(long); // stop above the entry
    expect(moveHandle(long, 2, p(1000, 99))).toBe(long); // target below the entry
    expect(moveHandle(long, 0, p(1000, 120))).toBe(long); // entry above the target
  });

  it('keeps a channel’s width when its base line is dragged', () => {
    const channel = draw<'parallel-channel'>({
      kind: 'parallel-channel',
      anchors: [p(1000, 100), p(2000, 200), p(1500, 170)],
    });
    const steeper = moveHandle(channel, 1, p(2000, 300));
    expect(steeper.anchors).toEqual([p(1000, 100), p(2000, 300), p(1500, 220)]);
    expect(channelOffset(steeper)).toBe(20);
    expect(moveHandle(channel, 0, p(2000, 90))).toBe(channel);
    expect(moveHandle(channel, 2, p(1200, 60)).anchors[2]).toEqual(p(1200, 60));
    expect(channelOffset(moveHandle(channel, 2, p(1200, 60)))).toBe(-60);
  });

  it('never changes a locked drawing', () => {
    const locked = { ...long, locked: true };
    expect(moveHandle(locked, 1, p(1000, 97))).toBe(locked);
  });
});

describe('a position’s box end', () => {
  const boxed = draw<'long-position'>({
    kind: 'long-position',
    anchors: [p(1000, 100)],
    stop: 95,
    target: 115,
    endTime: 4600,
  });

  it('is a fourth handle at the entry’s price, dragged in time only and never before the entry', () => {
    expect(handleAnchors(boxed)).toEqual([p(1000, 100), p(1000, 95), p(1000, 115), p(4600, 100)]);
    expect(moveHandle(boxed, 3, p(8200, 130))).toMatchObject({ endTime: 8200, stop: 95 });
    expect(moveHandle(boxed, 3, p(900, 100))).toBe(boxed);
    expect(drawingSchema.safeParse({ ...boxed, endTime: 1000 }).error?.issues[0]?.message).toBe(
      'A position must end after its entry',
    );
  });

  it('keeps its width when the entry or the whole position moves', () => {
    expect(moveHandle(boxed, 0, p(2000, 101))).toMatchObject({
      anchors: [p(2000, 101)],
      endTime: 5600,
    });
    expect(moveDrawing(boxed, 600, 5)).toMatchObject({ anchors: [p(1600, 105)], endTime: 5200 });
  });
});
