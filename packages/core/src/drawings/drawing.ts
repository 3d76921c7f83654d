// What a chart drawing is, as data: a tool kind, its anchors in (time, price), a style, and the
// few fields some tools add (Fibonacci levels, a position's stop and target, a note's text). The
// UI draws from it, the database stores it as JSON, and alerts will read trend lines from it, so
// every write is checked here and the errors are worded for the trader who drew it.
//
// Times are UTC epoch seconds (the chart's time scale), whole seconds, as lightweight-charts uses.
import { z } from 'zod';
import { MAX_EPOCH_MS } from '../epoch-ms';
import { colourSchema } from '../layout';

export const DRAWING_KINDS = [
  'trend-line',
  'ray',
  'extended-line',
  'horizontal-line',
  'horizontal-ray',
  'vertical-line',
  'rectangle',
  'parallel-channel',
  'fib-retracement',
  'long-position',
  'short-position',
  'price-range',
  'date-range',
  'text',
] as const;
export type DrawingKind = (typeof DRAWING_KINDS)[number];

export const LINE_DASHES = ['solid', 'dashed', 'dotted'] as const;
export type LineDash = (typeof LINE_DASHES)[number];

export const MAX_DRAWING_LABEL_LENGTH = 200;
export const MAX_NOTE_LENGTH = 500;
export const MAX_FIB_LEVELS = 24;
/** A level outside ±5 is no longer a retracement anyone reads; it is a typo. */
export const MAX_FIB_LEVEL = 5;
export const DEFAULT_FIB_LEVELS: readonly number[] = [0, 0.236, 0.382, 0.5, 0.618, 0.786, 1];

const MAX_EPOCH_SECONDS = MAX_EPOCH_MS / 1000;

/** A point of a drawing: a bar time (UTC epoch seconds) and a price. */
export const anchorSchema = z.strictObject({
  time: z
    .number({ error: 'A point needs a time' })
    .int('A point’s time must be whole seconds')
    .min(0, 'A point cannot be before 1970')
    .max(MAX_EPOCH_SECONDS, 'That point is too far in the future'),
  price: z.number({ error: 'A point’s price must be a finite number' }),
});
export type Anchor = z.infer<typeof anchorSchema>;

export const drawingStyleSchema = z.strictObject({
  color: colourSchema,
  width: z
    .number({ error: 'A line width is a number' })
    .int('A line width is a whole number of pixels')
    .min(1, 'A line width is 1 to 4 pixels')
    .max(4, 'A line width is 1 to 4 pixels'),
  dash: z.enum(LINE_DASHES, { error: 'A line is solid, dashed or dotted' }),
  label: z
    .string()
    .max(MAX_DRAWING_LABEL_LENGTH, `A label is at most ${MAX_DRAWING_LABEL_LENGTH} characters`)
    .optional(),
});
export type DrawingStyle = z.infer<typeof drawingStyleSchema>;

const common = {
  /** Chosen by the client when the drawing is made, so it can be edited before it is saved. */
  id: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'A drawing id is 1–40 letters, digits, - or _'),
  style: drawingStyleSchema,
  locked: z.boolean(),
  hidden: z.boolean(),
};

const onePoint = (message: string) => z.tuple([anchorSchema], { error: message });
const twoPoints = (message: string) => z.tuple([anchorSchema, anchorSchema], { error: message });

/** A sloped line through two points is undefined when both are at one time (it is vertical). */
function atDifferentTimes(message: string) {
  return (d: { anchors: readonly [Anchor, Anchor, ...Anchor[]] }, ctx: z.RefinementCtx) => {
    if (d.anchors[0].time === d.anchors[1].time)
      ctx.addIssue({ code: 'custom', path: ['anchors', 1, 'time'], message });
  };
}

const sloped = <K extends string>(kind: K, name: string) =>
  z
    .strictObject({
      ...common,
      kind: z.literal(kind),
      anchors: twoPoints(`${name} needs two points`),
    })
    .superRefine(atDifferentTimes(`${name} needs two points at different times`));

const boxed = <K extends string>(kind: K, name: string) =>
  z.strictObject({
    ...common,
    kind: z.literal(kind),
    anchors: twoPoints(`${name} needs two points`),
  });

const levelSchema = z
  .number({ error: 'A Fibonacci level must be a number' })
  .min(-MAX_FIB_LEVEL, `A Fibonacci level is between -${MAX_FIB_LEVEL} and ${MAX_FIB_LEVEL}`)
  .max(MAX_FIB_LEVEL, `A Fibonacci level is between -${MAX_FIB_LEVEL} and ${MAX_FIB_LEVEL}`);

const fibRetracementSchema = z.strictObject({
  ...common,
  kind: z.literal('fib-retracement'),
  anchors: twoPoints('A Fibonacci retracement needs two points: the swing’s start and end'),
  levels: z
    .array(levelSchema)
    .min(1, 'Keep at least one Fibonacci level')
    .max(MAX_FIB_LEVELS, `At most ${MAX_FIB_LEVELS} Fibonacci levels`)
    .refine((levels) => new Set(levels).size === levels.length, 'Each Fibonacci level only once')
    .default(() => [...DEFAULT_FIB_LEVELS]),
});

const positivePrice = (what: string) =>
  z.number({ error: `The ${what} must be a price` }).positive(`The ${what} must be above zero`);

/**
 * A long (short) position: the stop is below (above) the entry and the target above (below), as
 * the order that would realise it requires.
 */
const position = <K extends 'long-position' | 'short-position'>(kind: K) => {
  const long = kind === 'long-position';
  const side = long ? 'long' : 'short';
  return z
    .strictObject({
      ...common,
      kind: z.literal(kind),
      /** The entry: when and at what price. */
      anchors: onePoint('A position needs one entry point'),
      stop: positivePrice('stop'),
      target: positivePrice('target'),
      /**
       * Where the position's box ends in time (UTC seconds), as TradingView's does: drag its right
       * edge to the bar the trade is planned to last until. Without it (positions drawn before
       * boxes had an end) the zones run to the chart's right edge.
       */
      endTime: z.number({ error: 'The end must be a time' }).int().optional(),
      /** Base-asset quantity; without it the stats are per unit. */
      quantity: z
        .number({ error: 'The quantity must be a number' })
        .positive('The quantity must be above zero')
        .optional(),
    })
    .superRefine((d, ctx) => {
      if (d.endTime !== undefined && !(d.endTime > d.anchors[0].time))
        ctx.addIssue({
          code: 'custom',
          path: ['endTime'],
          message: 'A position must end after its entry',
        });
      const entry = d.anchors[0].price;
      if (!(entry > 0))
        ctx.addIssue({
          code: 'custom',
          path: ['anchors', 0, 'price'],
          message: 'The entry must be above zero',
        });
      if (long ? !(d.stop < entry) : !(d.stop > entry))
        ctx.addIssue({
          code: 'custom',
          path: ['stop'],
          message: `A ${side} position’s stop must be ${long ? 'below' : 'above'} its entry`,
        });
      if (long ? !(d.target > entry) : !(d.target < entry))
        ctx.addIssue({
          code: 'custom',
          path: ['target'],
          message: `A ${side} position’s target must be ${long ? 'above' : 'below'} its entry`,
        });
    });
};

export const drawingSchema = z.discriminatedUnion(
  'kind',
  [
    sloped('trend-line', 'A trend line'),
    sloped('ray', 'A ray'),
    sloped('extended-line', 'An extended line'),
    z.strictObject({
      ...common,
      kind: z.literal('horizontal-line'),
      anchors: onePoint('A horizontal line needs one point'),
    }),
    z.strictObject({
      ...common,
      kind: z.literal('horizontal-ray'),
      anchors: onePoint('A horizontal ray needs one point'),
    }),
    z.strictObject({
      ...common,
      kind: z.literal('vertical-line'),
      anchors: onePoint('A vertical line needs one point'),
    }),
    boxed('rectangle', 'A rectangle'),
    z
      .strictObject({
        ...common,
        kind: z.literal('parallel-channel'),
        /** The base line's two points, then any point on the parallel line. */
        anchors: z.tuple([anchorSchema, anchorSchema, anchorSchema], {
          error: 'A parallel channel needs three points: two for its line and one for its width',
        }),
      })
      .superRefine(
        atDifferentTimes('A parallel channel’s line needs two points at different times'),
      ),
    fibRetracementSchema,
    position('long-position'),
    position('short-position'),
    boxed('price-range', 'A price range'),
    boxed('date-range', 'A date range'),
    z.strictObject({
      ...common,
      kind: z.literal('text'),
      anchors: onePoint('A note needs one point'),
      text: z
        .string({ error: 'A note needs text' })
        .max(MAX_NOTE_LENGTH, `A note is at most ${MAX_NOTE_LENGTH} characters`)
        .refine((text) => text.trim().length > 0, 'Type some text for the note'),
    }),
  ],
  { error: (issue) => (issue.code === 'invalid_union' ? 'Unknown drawing tool' : undefined) },
);

export type Drawing = z.infer<typeof drawingSchema>;
/** What a client sends: the Fibonacci levels may be left out (the defaults apply). */
export type DrawingInput = z.input<typeof drawingSchema>;
export type DrawingOf<K extends DrawingKind> = Extract<Drawing, { kind: K }>;

/** "anchors.1.time: A trend line needs two points at different times" — for error messages. */
export function describeDrawingError(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(drawing)'}: ${issue.message}`)
    .join('; ');
}
