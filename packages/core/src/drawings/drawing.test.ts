import { describe, expect, it } from 'vitest';
import {
  DEFAULT_FIB_LEVELS,
  describeDrawingError,
  drawingSchema,
  type Drawing,
  type DrawingInput,
} from './drawing';

const common = {
  id: 'd-1',
  style: { color: '#2962ff', width: 2, dash: 'solid' },
  locked: false,
  hidden: false,
} as const;
const p = (time: number, price: number) => ({ time, price });

function errorOf(input: unknown): string {
  const result = drawingSchema.safeParse(input);
  expect(result.success).toBe(false);
  return result.success ? '' : describeDrawingError(result.error);
}

const valid: DrawingInput[] = [
  { ...common, kind: 'trend-line', anchors: [p(1000, 100), p(2000, 200)] },
  { ...common, kind: 'ray', anchors: [p(2000, 100), p(1000, 200)] },
  { ...common, kind: 'extended-line', anchors: [p(1000, 100), p(2000, 100)] },
  { ...common, kind: 'horizontal-line', anchors: [p(1000, 100)] },
  { ...common, kind: 'horizontal-ray', anchors: [p(1000, 100)] },
  { ...common, kind: 'vertical-line', anchors: [p(1000, 100)] },
  { ...common, kind: 'rectangle', anchors: [p(1000, 100), p(1000, 100)] },
  { ...common, kind: 'parallel-channel', anchors: [p(1000, 100), p(2000, 200), p(1500, 120)] },
  { ...common, kind: 'fib-retracement', anchors: [p(1000, 100), p(2000, 200)], levels: [1.618] },
  { ...common, kind: 'long-position', anchors: [p(1000, 100)], stop: 95, target: 115 },
  {
    ...common,
    kind: 'short-position',
    anchors: [p(1000, 100)],
    stop: 105,
    target: 80,
    quantity: 0.5,
  },
  { ...common, kind: 'price-range', anchors: [p(1000, 100), p(2000, 90)] },
  { ...common, kind: 'date-range', anchors: [p(2000, 100), p(1000, 100)] },
  { ...common, kind: 'text', anchors: [p(0, -3)], text: 'Breakout?\nWatch volume' },
  {
    ...common,
    style: { color: '#ff000080', width: 4, dash: 'dotted', label: 'x'.repeat(200) },
    kind: 'horizontal-line',
    anchors: [p(1_700_000_000, 0.00001234)],
    locked: true,
    hidden: true,
  },
];

describe('drawingSchema', () => {
  it.each(valid)('accepts a $kind unchanged', (drawing) => {
    expect(drawingSchema.parse(drawing)).toEqual(drawing);
  });

  it('gives a Fibonacci retracement the default levels when it has none', () => {
    const fib = drawingSchema.parse({
      ...common,
      kind: 'fib-retracement',
      anchors: [p(1000, 100), p(2000, 200)],
    });
    expect(fib).toMatchObject({ levels: [0, 0.236, 0.382, 0.5, 0.618, 0.786, 1] });
    // Each drawing gets its own array: editing one does not edit the defaults.
    (fib as Extract<Drawing, { kind: 'fib-retracement' }>).levels.push(2);
    expect(DEFAULT_FIB_LEVELS).toHaveLength(7);
  });

  it('rejects a sloped line whose two points are at one time, in a trader’s words', () => {
    expect(errorOf({ ...common, kind: 'trend-line', anchors: [p(1000, 100), p(1000, 200)] })).toBe(
      'anchors.1.time: A trend line needs two points at different times',
    );
    expect(errorOf({ ...common, kind: 'ray', anchors: [p(5, 1), p(5, 2)] })).toBe(
      'anchors.1.time: A ray needs two points at different times',
    );
    expect(errorOf({ ...common, kind: 'extended-line', anchors: [p(5, 1), p(5, 2)] })).toBe(
      'anchors.1.time: An extended line needs two points at different times',
    );
    expect(
      errorOf({ ...common, kind: 'parallel-channel', anchors: [p(5, 1), p(5, 2), p(9, 3)] }),
    ).toBe('anchors.1.time: A parallel channel’s line needs two points at different times');
  });

  it('rejects the wrong number of points, naming what the tool needs', () => {
    expect(errorOf({ ...common, kind: 'trend-line', anchors: [p(1, 1)] })).toBe(
      'anchors: A trend line needs two points',
    );
    expect(errorOf({ ...common, kind: 'trend-line', anchors: [p(1, 1), p(2, 2), p(3, 3)] })).toBe(
      'anchors: A trend line needs two points',
    );
    expect(errorOf({ ...common, kind: 'horizontal-line', anchors: [] })).toBe(
      'anchors: A horizontal line needs one point',
    );
    expect(errorOf({ ...common, kind: 'vertical-line', anchors: 'here' })).toBe(
      'anchors: A vertical line needs one point',
    );
    expect(errorOf({ ...common, kind: 'parallel-channel', anchors: [p(1, 1), p(2, 2)] })).toBe(
      'anchors: A parallel channel needs three points: two for its line and one for its width',
    );
    expect(
      errorOf({
        ...common,
        kind: 'long-position',
        anchors: [p(1, 1), p(2, 2)],
        stop: 1,
        target: 2,
      }),
    ).toBe('anchors: A position needs one entry point');
    expect(errorOf({ ...common, kind: 'rectangle', anchors: [p(1, 1)] })).toBe(
      'anchors: A rectangle needs two points',
    );
  });

  it('rejects non-finite numbers and times that are not whole seconds since 1970', () => {
    const line = (a: unknown) => ({ ...common, kind: 'horizontal-line', anchors: [a] });
    expect(errorOf(line(p(1, Number.NaN)))).toBe(
      'anchors.0.price: A point’s price must be a finite number',
    );
    expect(errorOf(line(p(1, Number.POSITIVE_INFINITY)))).toBe(
      'anchors.0.price: A point’s price must be a finite number',
    );
    expect(errorOf(line(p(1.5, 1)))).toBe('anchors.0.time: A point’s time must be whole seconds');
    expect(errorOf(line(p(-1, 1)))).toBe('anchors.0.time: A point cannot be before 1970');
    expect(errorOf(line(p(9e12, 1)))).toBe('anchors.0.time: That point is too far in the future');
    expect(errorOf(line({ time: 1 }))).toBe(
      'anchors.0.price: A point’s price must be a finite number',
    );
    expect(errorOf(line({ ...p(1, 1), volume: 3 }))).toMatch(/^anchors\.0: Unrecognized key/);
  });

  it('checks the style', () => {
    const line = (style: object) => ({
      ...common,
      style: { ...common.style, ...style },
      kind: 'horizontal-line',
      anchors: [p(1, 1)],
    });
    expect(errorOf(line({ width: 5 }))).toBe('style.width: A line width is 1 to 4 pixels');
    expect(errorOf(line({ width: 0 }))).toBe('style.width: A line width is 1 to 4 pixels');
    expect(errorOf(line({ width: 1.5 }))).toBe(
      'style.width: A line width is a whole number of pixels',
    );
    expect(errorOf(line({ dash: 'dash-dot' }))).toBe(
      'style.dash: A line is solid, dashed or dotted',
    );
    expect(errorOf(line({ color: 'red' }))).toBe('style.color: a colour as #rrggbb or #rrggbbaa');
    expect(errorOf(line({ label: 'x'.repeat(201) }))).toBe(
      'style.label: A label is at most 200 characters',
    );
  });

  it('rejects an unknown tool, a bad id and unknown keys', () => {
    expect(errorOf({ ...common, kind: 'pitchfork', anchors: [] })).toBe(
      'kind: Unknown drawing tool',
    );
    expect(errorOf({ ...common, anchors: [] })).toBe('kind: Unknown drawing tool');
    expect(errorOf({ ...common, id: 'a b', kind: 'horizontal-line', anchors: [p(1, 1)] })).toBe(
      'id: A drawing id is 1–40 letters, digits, - or _',
    );
    expect(
      errorOf({ ...common, kind: 'horizontal-line', anchors: [p(1, 1)], levels: [0.5] }),
    ).toMatch(/^\(drawing\): Unrecognized key.*levels/);
    expect(
      errorOf({ ...common, kind: 'horizontal-line', anchors: [p(1, 1)], locked: 'no' }),
    ).toMatch(/^locked:/);
  });

  it('checks Fibonacci levels: at most 24, each once, between -5 and 5', () => {
    const fib = (levels: unknown) => ({
      ...common,
      kind: 'fib-retracement',
      anchors: [p(1, 1), p(2, 2)],
      levels,
    });
    expect(drawingSchema.safeParse(fib([-5, 5, 1.618, -0.272])).success).toBe(true);
    expect(errorOf(fib([0, 5.5]))).toBe('levels.1: A Fibonacci level is between -5 and 5');
    expect(errorOf(fib([-6]))).toBe('levels.0: A Fibonacci level is between -5 and 5');
    expect(errorOf(fib([0.5, 0, 0.5]))).toBe('levels: Each Fibonacci level only once');
    expect(errorOf(fib([]))).toBe('levels: Keep at least one Fibonacci level');
    expect(errorOf(fib(Array.from({ length: 25 }, (_, i) => i / 10)))).toBe(
      'levels: At most 24 Fibonacci levels',
    );
    expect(errorOf(fib([Number.NaN]))).toBe('levels.0: A Fibonacci level must be a number');
  });

  it('requires a long position’s stop below and target above its entry', () => {
    const long = (stop: number, target: number) => ({
      ...common,
      kind: 'long-position',
      anchors: [p(1000, 100)],
      stop,
      target,
    });
    expect(errorOf(long(100, 115))).toBe('stop: A long position’s stop must be below its entry');
    expect(errorOf(long(95, 100))).toBe('target: A long position’s target must be above its entry');
    expect(errorOf(long(105, 90))).toBe(
      'stop: A long position’s stop must be below its entry; ' +
        'target: A long position’s target must be above its entry',
    );
  });

  it('requires a short position’s stop above and target below its entry', () => {
    const short = (stop: number, target: number) => ({
      ...common,
      kind: 'short-position',
      anchors: [p(1000, 100)],
      stop,
      target,
    });
    expect(errorOf(short(95, 80))).toBe('stop: A short position’s stop must be above its entry');
    expect(errorOf(short(105, 110))).toBe(
      'target: A short position’s target must be below its entry',
    );
  });

  it('requires positive position prices and quantity', () => {
    const base = {
      ...common,
      kind: 'long-position',
      anchors: [p(1000, 100)],
      stop: 95,
      target: 115,
    };
    expect(errorOf({ ...base, stop: 0 })).toBe('stop: The stop must be above zero');
    expect(errorOf({ ...base, quantity: 0 })).toBe('quantity: The quantity must be above zero');
    expect(errorOf({ ...base, target: Number.POSITIVE_INFINITY })).toBe(
      'target: The target must be a price',
    );
    expect(
      errorOf({ ...common, kind: 'short-position', anchors: [p(1, 0)], stop: 1, target: 1 }),
    ).toMatch(/^anchors\.0\.price: The entry must be above zero/);
  });

  it('requires a note to have some text, at most 500 characters', () => {
    const note = (text: unknown) => ({ ...common, kind: 'text', anchors: [p(1, 1)], text });
    expect(errorOf(note('  \n '))).toBe('text: Type some text for the note');
    expect(errorOf(note('x'.repeat(501)))).toBe('text: A note is at most 500 characters');
    expect(errorOf(note(undefined))).toBe('text: A note needs text');
    expect(drawingSchema.safeParse(note('x'.repeat(500))).success).toBe(true);
  });
});
