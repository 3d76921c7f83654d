// A parameter sweep: one base strategy run with every combination of up to four numeric fields
// (indicator periods, levels, stops, sizing…), each named by its dot path in the strategy
// ("entry.left.params.period", "exit.right.value", "stopLossPct"). Combinations are numbered
// 0 … sweepSize − 1 in a fixed order (the first parameter varies slowest, like nested loops in the
// order given), so a sweep can be split into slices [from, to) run anywhere and the rows merged.
//
// A combination the strategy refuses (a period of 0, MACD fast ≥ slow) is a row with `error`; a
// sweep whose path does not name a number, or that gives a whole-number field a fraction, is
// refused up front (parseSweep).
import { z } from 'zod';
import type { ChartBar } from '../candle';
import { INDICATORS, indicatorIdSchema } from '../indicators/catalog';
import { describeRuleError, flattenRuleIssues } from '../rules/rule';
import { isPrepared, prepareBacktest, type PreparedBacktest } from './columns';
import { runBacktest, type BacktestOptions } from './engine';
import { computeMetrics } from './metrics';
import { strategySchema, type Strategy, type StrategyInput } from './strategy';
import { sweepMetrics, type SweepMetrics } from './sweep-metrics';

export type { SweepMetrics } from './sweep-metrics';

export const MAX_SWEEP_COMBINATIONS = 10_000;

export const SWEEP_METRICS = [
  'netReturn',
  'cagr',
  'sharpe',
  'sortino',
  'calmar',
  'profitFactor',
  'winRate',
  'expectancy',
  'maxDrawdown',
  'trades',
] as const satisfies readonly (keyof SweepMetrics)[];
export type SweepMetric = (typeof SWEEP_METRICS)[number];

/** Metrics where smaller is better. */
const LOWER_IS_BETTER: ReadonlySet<SweepMetric> = new Set(['maxDrawdown']);

const pathSchema = z
  .string()
  .min(1, 'The path is empty')
  .max(200, 'The path is too long')
  .regex(/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/, 'The path is field names separated by dots');

/** Other fields that take the parameter's value too (e.g. the exit's RSI period with the
 *  entry's: one parameter, not two swept independently). */
const alsoSchema = z.array(pathSchema).max(3, 'At most 3 other paths').optional();

const rangeParameterSchema = z
  .strictObject({
    path: pathSchema,
    also: alsoSchema,
    from: z.number().finite(),
    to: z.number().finite(),
    step: z.number().finite().positive('The step must be greater than 0'),
  })
  .refine((p) => p.to >= p.from, { message: '"to" must not be below "from"', path: ['to'] });

const listParameterSchema = z.strictObject({
  path: pathSchema,
  also: alsoSchema,
  values: z
    .array(z.number().finite())
    .min(1, 'Give at least one value')
    .max(MAX_SWEEP_COMBINATIONS, `At most ${MAX_SWEEP_COMBINATIONS} values`)
    .refine((v) => new Set(v).size === v.length, { message: 'A value is listed twice' }),
});

export const sweepParameterSchema = z.union([rangeParameterSchema, listParameterSchema]);
export type SweepParameter = z.infer<typeof sweepParameterSchema>;

export const sweepSchema = z
  .strictObject({
    parameters: z
      .array(sweepParameterSchema)
      .min(1, 'Sweep at least one parameter')
      .max(4, 'Sweep at most 4 parameters'),
    /** What rows are ranked by (maxDrawdown: lower is better, the others higher). */
    metric: z.enum(SWEEP_METRICS).default('netReturn'),
  })
  .superRefine((s, ctx) => {
    const seen = new Set<string>();
    s.parameters.forEach((p, i) => {
      for (const path of [p.path, ...(p.also ?? [])]) {
        if (seen.has(path))
          ctx.addIssue({
            code: 'custom',
            path: ['parameters', i, 'path'],
            message: `${path} is swept twice`,
          });
        seen.add(path);
      }
    });
    const total = s.parameters.reduce((n, p) => n * valueCount(p), 1);
    if (total > MAX_SWEEP_COMBINATIONS)
      ctx.addIssue({
        code: 'custom',
        path: ['parameters'],
        message: `${total} combinations: a sweep runs at most ${MAX_SWEEP_COMBINATIONS}; narrow a range or take a larger step`,
      });
  });
export type Sweep = z.infer<typeof sweepSchema>;
export type SweepInput = z.input<typeof sweepSchema>;

function valueCount(p: SweepParameter): number {
  if ('values' in p) return p.values.length;
  // 1e-9 absorbs float error in (to − from) ÷ step, so 0.1 … 0.3 by 0.1 has 3 values.
  return Math.floor((p.to - p.from) / p.step + 1e-9) + 1;
}

function decimals(x: number): number {
  const s = String(x);
  if (s.includes('e-')) return Math.min(15, Number(s.split('e-')[1]));
  const dot = s.indexOf('.');
  return dot < 0 ? 0 : s.length - dot - 1;
}

/** The values a parameter takes, in order. A range's values are from + k × step, rounded to the
 *  decimals of from and step (so 0.1 + 2 × 0.1 is 0.3, not 0.30000000000000004). */
export function parameterValues(p: SweepParameter): number[] {
  if ('values' in p) return [...p.values];
  const d = Math.max(decimals(p.from), decimals(p.step));
  const n = valueCount(p);
  return Array.from({ length: n }, (_, k) => Number((p.from + k * p.step).toFixed(d)));
}

export function sweepSize(sweep: Sweep): number {
  return sweep.parameters.reduce((n, p) => n * valueCount(p), 1);
}

/** Per parameter, the position of its value in combination `index` (last parameter fastest). */
export function combinationDigits(sweep: Sweep, index: number): number[] {
  const counts = sweep.parameters.map(valueCount);
  const digits = new Array<number>(counts.length);
  let rest = index;
  for (let k = counts.length - 1; k >= 0; k--) {
    digits[k] = rest % counts[k]!;
    rest = Math.floor(rest / counts[k]!);
  }
  return digits;
}

type Segment = string | number;
const segmentsOf = (path: string): Segment[] =>
  path.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s));

/** What `path` names in `strategy`: its number, or why it cannot be swept. An indicator parameter
 *  left out of the strategy (catalogue default) counts, with the default as its value. */
function numberAt(strategy: Strategy, path: string): { value: number } | { problem: string } {
  const segs = segmentsOf(path);
  let node: unknown = strategy;
  let parent: unknown = null;
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i]!;
    if (node === null || typeof node !== 'object' || !(String(seg) in node)) {
      const fallback = i === segs.length - 1 ? catalogDefault(parent, node, seg) : undefined;
      if (fallback !== undefined) return { value: fallback };
      return { problem: `${path} is not a field of the strategy` };
    }
    parent = node;
    node = (node as Record<string, unknown>)[String(seg)];
  }
  if (typeof node === 'number') return { value: node };
  if (node === null)
    return { problem: `${path} is not set in the strategy: give it a number first` };
  return { problem: `${path} is not a number` };
}

function catalogDefault(owner: unknown, params: unknown, name: Segment): number | undefined {
  if (typeof params !== 'object' || params === null || Array.isArray(params)) return undefined;
  if (typeof owner !== 'object' || owner === null) return undefined;
  const o = owner as { id?: unknown; params?: unknown };
  if (o.params !== params) return undefined;
  const id = indicatorIdSchema.safeParse(o.id);
  if (!id.success) return undefined;
  const defaults = INDICATORS[id.data].params.safeParse({});
  const v = defaults.success ? (defaults.data as Record<string, unknown>)[String(name)] : undefined;
  return typeof v === 'number' ? v : undefined;
}

/** A copy of `strategy` with `path` set to `value` (the path must name a number, see numberAt). */
function withValue<T extends object>(strategy: T, path: string, value: number): T {
  const copy = structuredClone(strategy);
  const segs = segmentsOf(path);
  let node = copy as Record<string, unknown>;
  for (const seg of segs.slice(0, -1)) node = node[String(seg)] as Record<string, unknown>;
  node[String(segs[segs.length - 1])] = value;
  return copy;
}

function parseBase(base: Strategy | StrategyInput): Strategy {
  const parsed = strategySchema.safeParse(base);
  if (!parsed.success) throw new Error(`Strategy: ${describeRuleError(parsed.error)}`);
  return parsed.data;
}

/**
 * Validates a sweep against the strategy it sweeps: the shape (sweepSchema), every path naming a
 * number in the strategy, and no fractional value for a field the strategy takes whole numbers in
 * (periods, bars, ticks). Throws `Sweep: <path>: <what to fix>`.
 */
export function parseSweep(input: unknown, base: Strategy | StrategyInput): Sweep {
  const parsed = sweepSchema.safeParse(input);
  if (!parsed.success) throw new Error(`Sweep: ${describeRuleError(parsed.error)}`);
  const sweep = parsed.data;
  const strategy = parseBase(base);
  sweep.parameters.forEach((p, i) => {
    const at = numberAt(strategy, p.path);
    if ('problem' in at) throw new Error(`Sweep: parameters.${i}.path: ${at.problem}`);
    (p.also ?? []).forEach((path, k) => {
      const other = numberAt(strategy, path);
      if ('problem' in other) throw new Error(`Sweep: parameters.${i}.also.${k}: ${other.problem}`);
    });
    const fraction = parameterValues(p).find((v) => !Number.isInteger(v));
    if (fraction === undefined) return;
    // A whole-number field refuses the strategy's own (valid) value ± 0.5; a fractional field
    // takes at least one of them. Other refusals (out of range) become error rows.
    const refusal = (v: number) => {
      const check = strategySchema.safeParse(withValue(strategy, p.path, v));
      if (check.success) return null;
      return flattenRuleIssues(check.error.issues).find((x) => x.path.join('.') === p.path) ?? null;
    };
    const up = refusal(at.value + 0.5);
    if (up && refusal(at.value - 0.5))
      throw new Error(
        `Sweep: parameters.${i}: ${p.path} takes whole numbers, not ${fraction} (${up.message})`,
      );
  });
  return sweep;
}

/** Combination `index` (0 … sweepSize − 1): its values, in parameter order, and the strategy. */
export function sweepCombination(
  base: Strategy | StrategyInput,
  sweep: Sweep,
  index: number,
): { values: number[]; strategy: Strategy } {
  if (!Number.isInteger(index) || index < 0 || index >= sweepSize(sweep))
    throw new Error(`Sweep: no combination ${index} (there are ${sweepSize(sweep)})`);
  const digits = combinationDigits(sweep, index);
  const values = sweep.parameters.map((p, k) => parameterValues(p)[digits[k]!]!);
  let strategy = parseBase(base);
  sweep.parameters.forEach((p, k) => {
    for (const path of [p.path, ...(p.also ?? [])])
      strategy = withValue(strategy, path, values[k]!);
  });
  return { values, strategy };
}

export interface SweepRow {
  index: number;
  values: number[];
  /** null when the combination could not run (see error). */
  metrics: SweepMetrics | null;
  error?: string;
}

export interface SweepSliceOptions {
  /** Candle indexes [from, to) to trade (walk-forward windows); default all. */
  range?: BacktestOptions['range'];
  signals?: BacktestOptions['signals'];
  /** After each combination (for progress). */
  onRow?: (row: SweepRow, done: number, total: number) => void;
  /** Asked before each combination; true stops the slice (the rows so far are returned). */
  shouldStop?: () => boolean;
}

/** Runs combinations [from, to) of the sweep over the prepared candles; one row each, in order. */
export function runSweepSlice(
  source: PreparedBacktest | readonly ChartBar[],
  base: Strategy | StrategyInput,
  sweep: Sweep,
  from: number,
  to: number,
  options: SweepSliceOptions = {},
): SweepRow[] {
  const prepared = isPrepared(source) ? source : prepareBacktest(source);
  const strategy = parseBase(base);
  const end = Math.min(to, sweepSize(sweep));
  // The bars the runs trade (as runBacktest clamps its range): the first and last give the years.
  const n = prepared.candles.length;
  const barFrom = Math.max(0, Math.min(options.range?.from ?? 0, n));
  const barTo = Math.max(barFrom, Math.min(options.range?.to ?? n, n));
  const firstTime = barTo > barFrom ? prepared.candles[barFrom]!.time * 1000 : undefined;
  const lastTime = barTo > barFrom ? prepared.candles[barTo - 1]!.time * 1000 : undefined;
  const rows: SweepRow[] = [];
  for (let index = Math.max(0, from); index < end; index++) {
    if (options.shouldStop?.()) break;
    const combo = sweepCombination(strategy, sweep, index);
    let row: SweepRow;
    try {
      const result = runBacktest(prepared, combo.strategy, {
        range: options.range,
        signals: options.signals,
        equityOnly: true,
      });
      const metrics = sweepMetrics(result, firstTime, lastTime, strategy.interval);
      row = { index, values: combo.values, metrics };
    } catch (e) {
      row = { index, values: combo.values, metrics: null, error: (e as Error).message };
    }
    rows.push(row);
    options.onRow?.(row, rows.length, end - from);
  }
  return rows;
}

export function compactMetrics(
  result: Parameters<typeof computeMetrics>[0],
  strategy: Pick<Strategy, 'interval'>,
): SweepMetrics {
  const m = computeMetrics(result, strategy.interval);
  return {
    netReturn: m.netReturn,
    cagr: m.cagr,
    maxDrawdown: m.maxDrawdown.depth,
    trades: m.trades,
    winRate: m.winRate,
    profitFactor: m.profitFactor,
    sharpe: m.sharpe,
    sortino: m.sortino,
    calmar: m.calmar,
    expectancy: m.expectancy,
  };
}

/** The row's value of `metric`, or null (error, or no value) — such rows rank last. */
export function metricOf(row: SweepRow, metric: SweepMetric): number | null {
  const v = row.metrics?.[metric];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** True when metric value a is better than b. */
export function isBetter(metric: SweepMetric, a: number, b: number): boolean {
  return LOWER_IS_BETTER.has(metric) ? a < b : a > b;
}

/** Best first; rows without a value last; equal values by index. Returns a new array. */
export function rankSweep(rows: readonly SweepRow[], metric: SweepMetric): SweepRow[] {
  const sign = LOWER_IS_BETTER.has(metric) ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = metricOf(a, metric);
    const y = metricOf(b, metric);
    if (x === null || y === null) {
      if (x !== y) return x === null ? 1 : -1;
    } else if (x !== y) return sign * (x - y);
    return a.index - b.index;
  });
}

export interface SweepHeatmap {
  metric: SweepMetric;
  /** Rows of the grid: the values of parameter p; columns: of parameter q. */
  p: { path: string; values: number[] };
  q: { path: string; values: number[] };
  /** cells[i][j]: the best metric over the rows with p = p.values[i] and q = q.values[j]
   *  (best over the other parameters), null when none has one. */
  cells: (number | null)[][];
  /** The combination index giving each cell's value (lowest index on ties). */
  best: (number | null)[][];
}

/** The grid for two parameters of the sweep (p, q: their positions in sweep.parameters). */
export function sweepHeatmap(
  rows: readonly SweepRow[],
  sweep: Sweep,
  metric: SweepMetric,
  p: number,
  q: number,
): SweepHeatmap {
  const params = sweep.parameters;
  if (!params[p] || !params[q] || p === q)
    throw new Error(
      `Sweep heatmap: parameters ${p} and ${q} must be two of 0…${params.length - 1}`,
    );
  const pv = parameterValues(params[p]);
  const qv = parameterValues(params[q]);
  const cells = pv.map(() => qv.map((): number | null => null));
  const best = pv.map(() => qv.map((): number | null => null));
  for (const row of byIndex(rows)) {
    const v = metricOf(row, metric);
    if (v === null) continue;
    const d = combinationDigits(sweep, row.index);
    const cur = cells[d[p]!]![d[q]!]!;
    if (cur === null || isBetter(metric, v, cur)) {
      cells[d[p]!]![d[q]!] = v;
      best[d[p]!]![d[q]!] = row.index;
    }
  }
  return {
    metric,
    p: { path: params[p].path, values: pv },
    q: { path: params[q].path, values: qv },
    cells,
    best,
  };
}

const byIndex = (rows: readonly SweepRow[]) => [...rows].sort((a, b) => a.index - b.index);
