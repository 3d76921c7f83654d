// What a settings form needs to edit an indicator's parameters: one field per parameter with its
// label, kind, bounds, choices and default, derived from the catalogue's zod schema (through zod's
// JSON Schema output), so the form and the validation can never disagree about what is allowed.
import { z } from 'zod';
import { INDICATORS, indicatorIdSchema, type CatalogEntry } from './catalog';

export type ParamField =
  | {
      key: string;
      label: string;
      kind: 'integer' | 'number';
      min?: number;
      max?: number;
      /** Suggested step for a spinner: 1 for whole numbers, else a tenth of the default's order. */
      step: number;
      default: number;
    }
  | { key: string; label: string; kind: 'choice'; options: readonly string[]; default: string }
  | { key: string; label: string; kind: 'boolean'; default: boolean };

/** Parameters are numbers, strings or booleans, so their JSON Schema holds only scalars. */
type JsonScalar = string | number | boolean | null;

interface JsonProperty {
  type?: string;
  title?: string;
  default?: JsonScalar;
  minimum?: number;
  maximum?: number;
  enum?: JsonScalar[];
}

function stepFor(value: number): number {
  if (value === 0) return 0.01;
  return 10 ** (Math.floor(Math.log10(Math.abs(value))) - 1);
}

function toField(key: string, p: JsonProperty): ParamField {
  const label = p.title ?? key;
  if (p.enum) {
    const options = p.enum.map(String);
    return { key, label, kind: 'choice', options, default: String(p.default ?? options[0]) };
  }
  if (p.type === 'boolean') return { key, label, kind: 'boolean', default: p.default === true };
  if (p.type === 'integer' || p.type === 'number') {
    const dflt = typeof p.default === 'number' ? p.default : (p.minimum ?? 0);
    return {
      key,
      label,
      kind: p.type,
      min: p.minimum,
      max: p.maximum,
      step: p.type === 'integer' ? 1 : stepFor(dflt),
      default: dflt,
    };
  }
  throw new Error(`parameter ${key} has a type the settings form cannot edit (${p.type})`);
}

const cache = new Map<string, readonly ParamField[]>();

/** The editable parameters of a catalogue indicator, in the catalogue's order. */
export function paramFields(id: string): readonly ParamField[] {
  const key = indicatorIdSchema.parse(id);
  const cached = cache.get(key);
  if (cached) return cached;
  const entry = INDICATORS[key] as CatalogEntry;
  const schema = z.toJSONSchema(entry.params, { io: 'input' }) as {
    properties?: Record<string, JsonProperty>;
  };
  const fields = Object.entries(schema.properties ?? {}).map(([k, p]) => toField(k, p));
  cache.set(key, fields);
  return fields;
}

/** The catalogue defaults for every parameter, as stored in a layout. */
export function defaultParams(id: string): Record<string, number | string | boolean> {
  return Object.fromEntries(paramFields(id).map((f) => [f.key, f.default]));
}

/**
 * A short label such as "RSI 14" or "BB 20 2": the instance's numeric parameters after the
 * indicator's short name, as TradingView titles its studies.
 */
export function indicatorLabel(id: string, params: Record<string, unknown>): string {
  const key = indicatorIdSchema.parse(id);
  const numbers = paramFields(key)
    .filter((f) => f.kind === 'integer' || f.kind === 'number')
    .map((f) => {
      const value = params[f.key];
      return String(typeof value === 'number' || typeof value === 'string' ? value : f.default);
    });
  return [SHORT_NAMES[key], ...numbers].join(' ');
}

const SHORT_NAMES: Record<keyof typeof INDICATORS, string> = {
  sma: 'SMA',
  ema: 'EMA',
  wma: 'WMA',
  vwap: 'VWAP',
  bb: 'BB',
  keltner: 'KC',
  ichimoku: 'Ichimoku',
  psar: 'SAR',
  rsi: 'RSI',
  macd: 'MACD',
  stoch: 'Stoch',
  stochrsi: 'Stoch RSI',
  atr: 'ATR',
  adx: 'ADX',
  cci: 'CCI',
  obv: 'OBV',
  mfi: 'MFI',
  patterns: 'Patterns',
  willr: '%R',
};
