// The batch path: every indicator a rule can name, computed over whole columns at once (typed
// arrays, no per-bar objects or null checks), for backtests and parameter sweeps that evaluate the
// same indicator over 10⁵–10⁶ bars many times. `indicatorBatch` takes the indicator part of a rule
// operand (catalogue id + parameters, validated and defaulted by the catalogue's zod schemas) and
// returns one Float64Array per catalogue output, NaN where the incremental indicator gives null.
// Each kernel repeats its incremental indicator's arithmetic, so values are bit-identical to
// `createIndicator(id, params).compute(bars)` (tested bar by bar in index.test.ts).
import { INDICATORS, indicatorIdSchema, parseIndicatorParams, type IndicatorId } from '../catalog';
import { adxBatch } from './adx';
import { atrBatch } from './atr';
import { bollingerBatch } from './bollinger';
import { cciBatch } from './cci';
import { sourceColumn, type BarColumns } from './columns';
import { emaBatch } from './ema';
import { ichimokuBatch } from './ichimoku';
import { keltnerBatch } from './keltner';
import { macdBatch } from './macd';
import { mfiBatch } from './mfi';
import { obvBatch } from './obv';
import { psarBatch } from './psar';
import { rsiBatch } from './rsi';
import { smaBatch } from './sma';
import { stochRsiBatch } from './stoch-rsi';
import { stochasticBatch } from './stochastic';
import { vwapBatch } from './vwap';
import { williamsRBatch } from './williams-r';
import { wmaBatch } from './wma';

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
    case 'wma': {
      const p = parseIndicatorParams(id, spec.params);
      return { value: wmaBatch(sourceColumn(cols, p.source), p.period) };
    }
    case 'vwap': {
      const p = parseIndicatorParams(id, spec.params);
      return { value: vwapBatch(cols.time, sourceColumn(cols, p.source), cols.volume) };
    }
    case 'keltner': {
      const p = parseIndicatorParams(id, spec.params);
      return { ...keltnerBatch(cols, p.period, p.atrPeriod, p.multiplier) };
    }
    case 'ichimoku': {
      const p = parseIndicatorParams(id, spec.params);
      const { tenkanPeriod, kijunPeriod, senkouBPeriod, displacement } = p;
      return { ...ichimokuBatch(cols, tenkanPeriod, kijunPeriod, senkouBPeriod, displacement) };
    }
    case 'psar': {
      const p = parseIndicatorParams(id, spec.params);
      return { value: psarBatch(cols.high, cols.low, p.acceleration, p.maximum) };
    }
    case 'macd': {
      const p = parseIndicatorParams(id, spec.params);
      return { ...macdBatch(sourceColumn(cols, p.source), p.fast, p.slow, p.signal) };
    }
    case 'stoch': {
      const p = parseIndicatorParams(id, spec.params);
      const { high, low, close } = cols;
      return { ...stochasticBatch(high, low, close, p.kPeriod, p.kSmoothing, p.dPeriod) };
    }
    case 'stochrsi': {
      const p = parseIndicatorParams(id, spec.params);
      const src = sourceColumn(cols, p.source);
      return { ...stochRsiBatch(src, p.rsiPeriod, p.stochPeriod, p.kSmoothing, p.dSmoothing) };
    }
    case 'atr': {
      const p = parseIndicatorParams(id, spec.params);
      return { value: atrBatch(cols.high, cols.low, cols.close, p.period) };
    }
    case 'adx': {
      const p = parseIndicatorParams(id, spec.params);
      return { ...adxBatch(cols.high, cols.low, cols.close, p.period) };
    }
    case 'cci': {
      const p = parseIndicatorParams(id, spec.params);
      return { value: cciBatch(cols.high, cols.low, cols.close, p.period) };
    }
    case 'obv':
      return { value: obvBatch(cols.close, cols.volume) };
    case 'mfi': {
      const p = parseIndicatorParams(id, spec.params);
      return { value: mfiBatch(cols.high, cols.low, cols.close, cols.volume, p.period) };
    }
    case 'willr': {
      const p = parseIndicatorParams(id, spec.params);
      return { value: williamsRBatch(cols.high, cols.low, cols.close, p.period) };
    }
    case 'patterns':
      // Rules refuse it too (see rules/rule.ts): its output is pattern names, not a line.
      throw new Error(`${INDICATORS[id].name} draws markers, not a line a condition can compare`);
  }
}
