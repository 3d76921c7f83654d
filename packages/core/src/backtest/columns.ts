// Candles as typed-array columns, and every indicator series a backtest reads computed once over
// all of them. A sweep runs one strategy shape with many parameter values over the same bars:
// `prepareBacktest` holds the columns and a cache keyed by indicator instance (catalogue id +
// canonical parameters), so RSI 14 is computed once however many combinations read it.
//
// Only the bars MarketRules would commit are used (each one after the last committed: a bar at or
// before it is ignored by the live evaluator), so the columns hold exactly the values its
// indicators hold at each close. `index[k]` is the candle index of committed bar k.
//
// A series value that is null (warming up) is NaN in a column.
import type { ChartBar } from '../candle';
import { barColumns, indicatorBatch, type BarColumns } from '../indicators/batch/index';
import { outputOf } from '../indicators/catalog';
import { canonicalIndicator } from '../rules/indicator-bank';
import { priceAt, type Line } from '../drawings/line';
import { fieldOf, lineKey } from '../rules/series';
import type { PriceField } from '../rules/rule';

export interface PreparedBacktest {
  readonly candles: readonly ChartBar[];
  /** Candle index of each committed bar (identity when the candles are strictly increasing). */
  readonly index: Int32Array;
  /** The committed bars (same objects as in `candles`). */
  readonly bars: readonly ChartBar[];
  /** Columns over the committed bars, keyed by `p:<field>`, `i:<instance key>:<output>` or a line key. */
  readonly cache: Map<string, Float64Array>;
}

/** Columns and indicator cache for `candles` (closed bars, oldest first, one market). */
export function prepareBacktest(candles: readonly ChartBar[]): PreparedBacktest {
  const index: number[] = [];
  const bars: ChartBar[] = [];
  let last = -Infinity;
  for (let i = 0; i < candles.length; i++) {
    const bar = candles[i]!;
    if (bar.time <= last) continue;
    last = bar.time;
    index.push(i);
    bars.push(bar);
  }
  return { candles, index: Int32Array.from(index), bars, cache: new Map() };
}

export function isPrepared(x: unknown): x is PreparedBacktest {
  return typeof x === 'object' && x !== null && 'cache' in x && 'bars' in x && 'index' in x;
}

/** A price field over the committed bars (hl2, hlc3, ohlc4 as MarketRules computes them). */
export function priceColumn(prepared: PreparedBacktest, field: PriceField): Float64Array {
  const key = `p:${field}`;
  let col = prepared.cache.get(key);
  if (!col) {
    const { bars } = prepared;
    col = new Float64Array(bars.length);
    for (let i = 0; i < bars.length; i++) col[i] = fieldOf(bars[i]!, field);
    prepared.cache.set(key, col);
  }
  return col;
}

/** A drawn line's price at each committed bar's time (NaN where the line does not exist), as
 *  LineSeries reads it live. */
export function lineColumn(prepared: PreparedBacktest, line: Line): Float64Array {
  const key = lineKey(line);
  let col = prepared.cache.get(key);
  if (!col) {
    const { bars } = prepared;
    col = new Float64Array(bars.length);
    for (let i = 0; i < bars.length; i++) col[i] = priceAt(line, bars[i]!.time) ?? Number.NaN;
    prepared.cache.set(key, col);
  }
  return col;
}

/** The committed bars as typed-array columns, built once per prepared set. */
const barColumnsOf = new WeakMap<PreparedBacktest, BarColumns>();

function columnsOf(prepared: PreparedBacktest): BarColumns {
  let cols = barColumnsOf.get(prepared);
  if (!cols) {
    cols = barColumns(prepared.bars);
    barColumnsOf.set(prepared, cols);
  }
  return cols;
}

/**
 * One output of an indicator over the committed bars: the value its incremental instance returns
 * after each bar's update, as the live evaluator's shared instance holds it at that close. Every
 * output of the instance is computed at once and cached: by the batch kernels
 * (../indicators/batch, bit-identical to the incremental indicators, tested there), or by feeding
 * the incremental instance bar by bar for an indicator without a kernel.
 */
export function indicatorColumn(
  prepared: PreparedBacktest,
  id: string,
  params: unknown,
  output: string,
): Float64Array {
  const { entry, params: parsed, key } = canonicalIndicator(id, params);
  const wanted = `i:${key}:${output}`;
  const hit = prepared.cache.get(wanted);
  if (hit) return hit;
  const { bars } = prepared;
  const outputs = entry.outputs;
  let batch: Readonly<Record<string, Float64Array>> | null = null;
  try {
    batch = indicatorBatch({ id, params: parsed }, columnsOf(prepared));
  } catch {
    batch = null; // no kernel for it (the incremental path below is the definition)
  }
  if (batch && outputs.every((o) => batch[o] !== undefined)) {
    for (const o of outputs) prepared.cache.set(`i:${key}:${o}`, batch[o]!);
  } else {
    const cols = outputs.map(() => new Float64Array(bars.length));
    const instance = entry.create(parsed);
    for (let i = 0; i < bars.length; i++) {
      const v = instance.update(bars[i]!);
      for (let o = 0; o < outputs.length; o++) cols[o]![i] = outputOf(v, outputs[o]!) ?? Number.NaN;
    }
    outputs.forEach((o, n) => prepared.cache.set(`i:${key}:${o}`, cols[n]!));
  }
  // An output the catalogue does not list reads null in MarketRules: all NaN here.
  let col = prepared.cache.get(wanted);
  if (!col) {
    col = new Float64Array(bars.length).fill(Number.NaN);
    prepared.cache.set(wanted, col);
  }
  return col;
}
