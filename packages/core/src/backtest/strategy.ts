// A backtest strategy: when to enter and when to exit, written in the alert rule language (the
// same condition schema and checks, so the same error wording), plus how much to buy, what fills
// cost, and protective stops. Long only (spot), one position at a time.
import { z } from 'zod';
import { symbolSchema } from '../candle';
import { intervalSchema } from '../interval';
import { checkCondition, conditionSchema, ruleShapeProblem } from '../rules/rule';

/** How much an entry buys. */
export const sizingSchema = z.discriminatedUnion('mode', [
  /** quantity = percent/100 × equity ÷ the signal bar's close; commission on top. */
  z.strictObject({
    mode: z.literal('percentOfEquity'),
    percent: z
      .number()
      .positive('The percent of equity must be greater than 0')
      .max(100, 'The percent of equity must be at most 100'),
  }),
  /** quantity = amount (in the quote asset) ÷ the signal bar's close; commission on top. */
  z.strictObject({
    mode: z.literal('quote'),
    amount: z.number().positive('The amount must be greater than 0'),
  }),
  /** A fixed quantity of the base asset. */
  z.strictObject({
    mode: z.literal('quantity'),
    quantity: z.number().positive('The quantity must be greater than 0'),
  }),
]);
export type Sizing = z.infer<typeof sizingSchema>;

/** How much worse than the reference price a fill is: buys up, sells down. */
export const slippageSchema = z.discriminatedUnion('unit', [
  z.strictObject({
    unit: z.literal('percent'),
    percent: z
      .number()
      .min(0, 'Slippage cannot be negative')
      .max(100, 'Slippage must be at most 100%'),
  }),
  z.strictObject({
    unit: z.literal('ticks'),
    ticks: z.number().int('Ticks must be a whole number').min(0, 'Ticks cannot be negative'),
    /** Price step of one tick (the symbol's tick size). */
    tickSize: z.number().positive('The tick size must be greater than 0'),
  }),
]);
export type Slippage = z.infer<typeof slippageSchema>;

/** nextOpen: a signal at a bar's close fills at the next bar's open; close: at that close. */
export const FILL_TIMINGS = ['nextOpen', 'close'] as const;

const strategyObjectSchema = z
  .strictObject({
    symbol: symbolSchema,
    interval: intervalSchema,
    entry: conditionSchema,
    exit: conditionSchema,
    sizing: sizingSchema.default({ mode: 'percentOfEquity', percent: 100 }),
    /** Percent of the notional charged on every fill. */
    commissionPct: z
      .number()
      .min(0, 'Commission cannot be negative')
      .max(100, 'Commission must be at most 100%')
      .default(0.1),
    slippage: slippageSchema.default({ unit: 'percent', percent: 0 }),
    /** Percent below the entry price at which the position is sold; null = no stop. */
    stopLossPct: z
      .number()
      .positive('The stop-loss must be greater than 0%')
      .lt(100, 'The stop-loss must be below 100%')
      .nullable()
      .default(null),
    /** Percent above the entry price at which the position is sold; null = no target. */
    takeProfitPct: z
      .number()
      .positive('The take-profit must be greater than 0%')
      .nullable()
      .default(null),
    fill: z.enum(FILL_TIMINGS).default('nextOpen'),
    /** Starting cash in the quote asset. */
    initialCapital: z
      .number()
      .positive('The initial capital must be greater than 0')
      .default(10_000),
  })
  .superRefine((s, ctx) => {
    checkCondition(s.entry, ['entry'], 1, ctx, { count: 0 });
    checkCondition(s.exit, ['exit'], 1, ctx, { count: 0 });
  });

/** A strategy; input too deep or too large is refused before it is parsed, as for alert rules. */
export const strategySchema = z.preprocess((input, ctx) => {
  const problem = ruleShapeProblem(input);
  // The count check names the alert rule's one condition; a strategy has two, so it goes on top.
  if (problem)
    ctx.addIssue({
      code: 'custom',
      message: problem.message,
      path: problem.path[0] === 'condition' ? [] : problem.path,
      input,
    });
  return input;
}, strategyObjectSchema);
export type Strategy = z.infer<typeof strategySchema>;
export type StrategyInput = z.input<typeof strategyObjectSchema>;
