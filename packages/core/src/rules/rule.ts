// The alert rule language: a typed JSON rule (symbol, interval, a condition tree of comparisons
// between series, when it is evaluated, how often it may fire, until when). The same definition
// drives live alerts in the worker (and will drive backtests), so everything here is data; the
// evaluator (./market-rules) is a pure function of the candles it is given.
//
// Validation says what to fix in the trader's words: an unknown indicator, a period of 0, a channel
// operator given a single line, an output the indicator does not have.
import { z } from 'zod';
import { symbolSchema } from '../candle';
import { anchorSchema } from '../drawings/drawing';
import { INDICATORS, indicatorIdSchema, type CatalogEntry } from '../indicators/catalog';
import { epochMsSchema } from '../epoch-ms';
import { intervalSchema } from '../interval';

export const PRICE_FIELDS = [
  'open',
  'high',
  'low',
  'close',
  'volume',
  'hl2',
  'hlc3',
  'ohlc4',
] as const;
export type PriceField = (typeof PRICE_FIELDS)[number];

const paramsSchema = z
  .record(
    z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,39}$/),
    z.union([z.number().finite(), z.string().max(40), z.boolean()]),
  )
  .default({});

/**
 * A line drawn on the chart, as a series: its price at each bar's time (open time, where the chart
 * draws the bar), by linear interpolation between its two points (../drawings/line.ts priceAt).
 * A trend line exists only between its points, a ray from its first point on (through the second),
 * an extended line everywhere, a horizontal line everywhere and a horizontal ray from its point on;
 * where the line does not exist the series has no value, and comparisons with it are false.
 * `drawingId` links the alert to the drawing it was made from, so editing the drawing can move it.
 */
export const lineOperandSchema = z.strictObject({
  kind: z.literal('line'),
  line: z.union([
    z.strictObject({
      kind: z.enum(['trend-line', 'ray', 'extended-line']),
      anchors: z.tuple([anchorSchema, anchorSchema], { error: 'A sloped line needs two points' }),
    }),
    z.strictObject({
      kind: z.enum(['horizontal-line', 'horizontal-ray']),
      anchors: z.tuple([anchorSchema], { error: 'A horizontal line needs one point' }),
    }),
  ]),
  drawingId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,40}$/, 'A drawing id is 1–40 letters, digits, - or _')
    .optional(),
});
export type LineOperand = z.infer<typeof lineOperandSchema>;

/** A series a condition compares: a price field, an indicator output, a constant, or a drawn line. */
export const operandSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('price'), field: z.enum(PRICE_FIELDS) }),
  z.strictObject({
    kind: z.literal('indicator'),
    /** Catalogue id (rsi, bb, ema…). */
    id: z.string().max(40),
    /** Catalogue parameters; missing ones take the catalogue defaults. */
    params: paramsSchema,
    /** Which output line: `value` for single-line indicators, else e.g. upper/middle/lower. */
    output: z.string().max(40).default('value'),
  }),
  z.strictObject({ kind: z.literal('value'), value: z.number().finite() }),
  lineOperandSchema,
]);
export type Operand = z.infer<typeof operandSchema>;

/**
 * A channel for entering/exiting/inside/outside: an indicator that draws upper and lower bands
 * (Bollinger, Keltner), or any two series (e.g. RSI between 30 and 70).
 */
export const channelSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('bands'), id: z.string().max(40), params: paramsSchema }),
  z.strictObject({ kind: z.literal('lines'), upper: operandSchema, lower: operandSchema }),
]);
export type Channel = z.infer<typeof channelSchema>;

export const CROSS_OPERATORS = ['crosses', 'crosses-above', 'crosses-below'] as const;
export const COMPARE_OPERATORS = ['greater-than', 'less-than'] as const;
export const CHANNEL_OPERATORS = [
  'entering-channel',
  'exiting-channel',
  'inside-channel',
  'outside-channel',
] as const;
export const MOVE_OPERATORS = ['moving-up', 'moving-down'] as const;

export const comparisonSchema = z.discriminatedUnion('op', [
  z.strictObject({
    op: z.enum([...CROSS_OPERATORS, ...COMPARE_OPERATORS]),
    left: operandSchema,
    right: operandSchema,
  }),
  z.strictObject({ op: z.enum(CHANNEL_OPERATORS), left: operandSchema, channel: channelSchema }),
  z.strictObject({
    op: z.enum(MOVE_OPERATORS),
    left: operandSchema,
    /** The move: an amount in the series' units, or a percent of its value N bars ago. */
    by: z.number().positive('The move must be greater than 0'),
    unit: z.enum(['value', 'percent']),
    /** Within how many bars (1–500). */
    bars: z
      .number()
      .int('Bars must be a whole number')
      .min(1, 'Bars must be at least 1')
      .max(500, 'Bars must be at most 500'),
  }),
]);
export type Comparison = z.infer<typeof comparisonSchema>;

export type Condition = Comparison | { all: Condition[] } | { any: Condition[] };

export const MAX_CONDITION_DEPTH = 4;
export const MAX_COMPARISONS = 20;

export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    comparisonSchema,
    z.strictObject({ all: z.array(conditionSchema).min(1, 'An "all" group needs a condition') }),
    z.strictObject({ any: z.array(conditionSchema).min(1, 'An "any" group needs a condition') }),
  ]),
);

/** bar-close: evaluated when a bar closes; intrabar: on every update of the forming bar too. */
export const TRIGGERS = ['bar-close', 'intrabar'] as const;
/** once: fires one time, then the alert stops; once-per-bar: at most once per bar (intrabar);
 *  once-per-bar-close: at most once per bar, only at its close. */
export const FREQUENCIES = ['once', 'once-per-bar', 'once-per-bar-close'] as const;

const alertRuleObjectSchema = z
  .strictObject({
    symbol: symbolSchema,
    interval: intervalSchema,
    condition: conditionSchema,
    trigger: z.enum(TRIGGERS).default('bar-close'),
    frequency: z.enum(FREQUENCIES).default('once-per-bar-close'),
    /** Epoch ms after which the alert no longer fires; null = never expires. */
    expiresAt: epochMsSchema.positive().nullable().default(null),
  })
  .superRefine((rule, ctx) => {
    if (rule.frequency === 'once-per-bar-close' && rule.trigger === 'intrabar')
      ctx.addIssue({
        code: 'custom',
        path: ['frequency'],
        message: '"Once per bar close" fires only when a bar closes: set the trigger to bar close',
      });
    checkCondition(rule.condition, ['condition'], 1, ctx, { count: 0 });
  });

/**
 * The deepest nesting of objects and arrays a valid rule can have (the rule, 4 levels of groups
 * as object + array each, a comparison, an operand, its params) with room to spare, and the most
 * values it can hold. Checked before zod walks the input: its recursive union descends one
 * native stack frame chain per level, so a tree 1,000 deep would overflow the stack instead of
 * being refused.
 */
const MAX_RULE_NESTING = 24;
const MAX_RULE_VALUES = 2000;

/** Why `input` is too deep or too large to be a rule (iteratively, without recursion), or null. */
export function ruleShapeProblem(
  input: unknown,
): { path: (string | number)[]; message: string } | null {
  const stack: { value: unknown; depth: number; path: (string | number)[] }[] = [
    { value: input, depth: 0, path: [] },
  ];
  let values = 0;
  while (stack.length > 0) {
    const { value, depth, path } = stack.pop()!;
    if (++values > MAX_RULE_VALUES)
      return {
        path: ['condition'],
        message: `A rule has at most ${MAX_COMPARISONS} comparisons`,
      };
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_RULE_NESTING)
      return {
        path: path.slice(0, 1),
        message: `Groups can be nested at most ${MAX_CONDITION_DEPTH} deep`,
      };
    const entries: [string | number, unknown][] = Array.isArray(value)
      ? value.map((item, i) => [i, item])
      : Object.entries(value);
    if (values + entries.length > MAX_RULE_VALUES)
      return {
        path: ['condition'],
        message: `A rule has at most ${MAX_COMPARISONS} comparisons`,
      };
    for (const [key, item] of entries)
      stack.push({ value: item, depth: depth + 1, path: path.length < 8 ? [...path, key] : path });
  }
  return null;
}

/** An alert rule; input too deep or too large is refused before it is parsed (ruleShapeProblem). */
export const alertRuleSchema = z.preprocess((input, ctx) => {
  const problem = ruleShapeProblem(input);
  if (problem) ctx.addIssue({ code: 'custom', ...problem, input });
  return input;
}, alertRuleObjectSchema);
export type AlertRule = z.infer<typeof alertRuleSchema>;
export type AlertRuleInput = z.input<typeof alertRuleObjectSchema>;

function catalogEntry(id: string): CatalogEntry | null {
  const parsed = indicatorIdSchema.safeParse(id);
  return parsed.success ? INDICATORS[parsed.data] : null;
}

function checkIndicator(
  id: string,
  params: unknown,
  output: string | null,
  path: (string | number)[],
  ctx: z.RefinementCtx,
): CatalogEntry | null {
  const entry = catalogEntry(id);
  if (!entry) {
    ctx.addIssue({ code: 'custom', path: [...path, 'id'], message: `Unknown indicator "${id}"` });
    return null;
  }
  if (entry.placement === 'markers') {
    ctx.addIssue({
      code: 'custom',
      path: [...path, 'id'],
      message: `${entry.name} draws markers, not a line a condition can compare`,
    });
    return null;
  }
  const result = entry.params.safeParse(params ?? {});
  if (!result.success)
    for (const issue of result.error.issues)
      ctx.addIssue({
        code: 'custom',
        path: [...path, 'params', ...issue.path],
        message: `${entry.name}: ${issue.message}`,
      });
  if (output !== null && !entry.outputs.includes(output))
    ctx.addIssue({
      code: 'custom',
      path: [...path, 'output'],
      message: `${entry.name} has no line "${output}": choose ${entry.outputs.join(', ')}`,
    });
  return entry;
}

function checkOperand(op: Operand, path: (string | number)[], ctx: z.RefinementCtx): void {
  if (op.kind === 'indicator') checkIndicator(op.id, op.params, op.output, path, ctx);
  if (op.kind === 'line' && op.line.anchors.length === 2) {
    const [a, b] = op.line.anchors;
    if (a.time === b.time)
      ctx.addIssue({
        code: 'custom',
        path: [...path, 'line', 'anchors', 1, 'time'],
        message: 'A sloped line needs two points at different times',
      });
  }
}

/** The checks an alert rule's condition gets (catalogue ids, parameters, outputs, depth, count),
 *  for other schemas that embed conditions (a backtest strategy's entry and exit). */
export function checkCondition(
  condition: Condition,
  path: (string | number)[],
  depth: number,
  ctx: z.RefinementCtx,
  seen: { count: number },
): void {
  if ('all' in condition || 'any' in condition) {
    if (depth > MAX_CONDITION_DEPTH) {
      ctx.addIssue({
        code: 'custom',
        path,
        message: `Groups can be nested at most ${MAX_CONDITION_DEPTH} deep`,
      });
      return;
    }
    const key = 'all' in condition ? 'all' : 'any';
    const items = 'all' in condition ? condition.all : condition.any;
    items.forEach((c, i) => checkCondition(c, [...path, key, i], depth + 1, ctx, seen));
    return;
  }
  seen.count++;
  if (seen.count === MAX_COMPARISONS + 1)
    ctx.addIssue({
      code: 'custom',
      path,
      message: `A rule has at most ${MAX_COMPARISONS} comparisons`,
    });
  checkOperand(condition.left, [...path, 'left'], ctx);
  if ('right' in condition) checkOperand(condition.right, [...path, 'right'], ctx);
  if ('channel' in condition) {
    const channel = condition.channel;
    if (channel.kind === 'lines') {
      checkOperand(channel.upper, [...path, 'channel', 'upper'], ctx);
      checkOperand(channel.lower, [...path, 'channel', 'lower'], ctx);
    } else {
      const entry = checkIndicator(channel.id, channel.params, null, [...path, 'channel'], ctx);
      if (entry && !(entry.outputs.includes('upper') && entry.outputs.includes('lower')))
        ctx.addIssue({
          code: 'custom',
          path: [...path, 'channel', 'id'],
          message: `${entry.name} is a single line: a channel needs upper and lower bands (Bollinger Bands, Keltner Channels) or two lines`,
        });
    }
  }
}

/**
 * zod reports a condition that matches no branch of the comparison/all/any union as a single
 * "Invalid input" holding each branch's issues. The branch the trader meant is the one that got
 * furthest into their rule (its issues have the deepest paths: a bad number inside a comparison
 * nested in an "all" group), then the one with the fewest problems; its issues replace the union's.
 */
export function flattenRuleIssues(
  issues: readonly z.core.$ZodIssue[],
  prefix: PropertyKey[] = [],
): z.core.$ZodIssue[] {
  return issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path];
    if (issue.code !== 'invalid_union' || issue.errors.length === 0) return [{ ...issue, path }];
    const branches = issue.errors.map((branch) => flattenRuleIssues(branch, path));
    const depth = (b: z.core.$ZodIssue[]) => Math.max(...b.map((i) => i.path.length));
    branches.sort((a, b) => depth(b) - depth(a) || a.length - b.length);
    return branches[0]!;
  });
}

/** "condition.left.params.period: Relative Strength Index: Period must be at least 1; …" */
export function describeRuleError(error: Pick<z.ZodError, 'issues'>): string {
  return flattenRuleIssues(error.issues)
    .map((i) => `${i.path.length ? i.path.join('.') : '(rule)'}: ${i.message}`)
    .join('; ');
}
