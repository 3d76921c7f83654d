// The batch path: every indicator a rule can name, computed over whole columns at once (typed
// arrays, no per-bar objects or null checks), for backtests and parameter sweeps that evaluate the
// same indicator over 10⁵–10⁶ bars many times. `indicatorBatch` takes the indicator part of a rule
// operand (catalogue id + parameters, validated and defaulted by the catalogue's zod schemas) and
// returns one Float64Array per catalogue output, NaN where the incremental indicator gives null.
// Each kernel repeats its incremental indicator's arithmetic, so values are bit-identical to
// `createIndicator(id, params).compute(bars)` (tested bar by bar in index.test.ts).
import { INDICATORS, indicatorIdSchema, parseIndicatorParams, type IndicatorId } from '../catalog';
import { bollingerBatch } from './bollinger';
import { sourceColumn, type BarColumns } from './columns';
import { emaBatch } from './ema';
import { rsiBatch } from './rsi';
import { smaBatch } from './sma';

export type { BarColumns } from './columns';
export { barColumns } from './columns';

/** The indicator an operand names: a catalogue id and its parameters (defaults filled in). */
export interface IndicatorSpec {
  id: string;
  params?: unknown;
}

/** One column per catalogue output (`value` for single-line indicators). */
export type IndicatorBatchOutput = Readonly<Record<string, Float64Array>>;

export function indicatorBatch(spec: IndicatorSpec, cols: BarColumns): IndicatorBatchOutput {
  const id: IndicatorId = indicatorIdSchema.parse(spec.id);
  switch (id) {
    case 'sma': {
      const p = parseIndicatorParams(id, spec.params);
      return { value: smaBatch(sourceColumn(cols, p.source), p.period) };
    }
    case 'ema': {
      const p = parseIndicatorParams(id, spec.params);
      return { value: emaBatch(sourceColumn(cols, p.source), p.period) };
    }
    case 'rsi': {
      const p = parseIndicatorParams(id, spec.params);
      return { value: rsiBatch(sourceColumn(cols, p.source), p.period) };
    }
    case 'bb': {
      const p = parseIndicatorParams(id, spec.params);
      return { ...bollingerBatch(sourceColumn(cols, p.source), p.period, p.stdDev) };
    }
    default:
      throw new Error(`${INDICATORS[id].name} has no batch path yet`);
  }
}
