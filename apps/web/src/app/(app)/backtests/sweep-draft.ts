// The "Sweep parameters" part of the form: which numbers of the strategy to vary (named by their
// dot path, as core's sweep takes them), over which range and step, the metric to rank by, and
// an optional walk-forward. The fields a sweep can vary are every number in the strategy JSON
// the form builds (indicator parameters, levels, stops, sizing, costs).
import type { StrategyInput } from '@coinview/core/backtest/strategy';
import type { SweepInput, SweepMetric } from '@coinview/core/backtest/sweep';
import type { WalkForward } from '@coinview/core/backtest/walk-forward';

export interface SweepParamDraft {
  path: string;
  from: string;
  to: string;
  step: string;
  /** Other numbers set to the same value in every combination (core's `also`), e.g. the exit's
   *  RSI period following the entry's. */
  also?: string[];
}

export interface SweepDraft {
  enabled: boolean;
  params: SweepParamDraft[];
  metric: SweepMetric;
  walkForward: boolean;
  windows: string;
  inSamplePct: string;
}

export const emptySweepDraft: SweepDraft = {
  enabled: false,
  params: [],
  metric: 'netReturn',
  walkForward: false,
  windows: '4',
  inSamplePct: '70',
};

export interface NumericField {
  path: string;
  label: string;
  value: number;
}

/** Words for the parts of a path a trader reads ("entry.all.0.left.params.period" → "Entry ·
 *  condition 1 · series · period"). */
export function numericFieldLabel(path: string): string {
  const words: Record<string, string> = {
    entry: 'Entry',
    exit: 'Exit',
    left: 'series',
    right: 'against',
    params: '',
    value: 'value',
    sizing: 'Sizing',
    slippage: 'Slippage',
    channel: 'channel',
    upper: 'upper',
    lower: 'lower',
    commissionPct: 'Commission %',
    stopLossPct: 'Stop-loss %',
    takeProfitPct: 'Take-profit %',
    initialCapital: 'Initial capital',
  };
  const parts = path.split('.');
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    if ((p === 'all' || p === 'any') && /^\d+$/.test(parts[i + 1] ?? '')) {
      out.push(`condition ${Number(parts[i + 1]) + 1}`);
      i++;
      continue;
    }
    const w = words[p] ?? p;
    if (w) out.push(w);
  }
  return out.join(' · ');
}

/** Every number in the strategy, with its path and current value, in document order. */
export function numericFields(strategy: StrategyInput): NumericField[] {
  const out: NumericField[] = [];
  const walk = (node: unknown, path: string[]) => {
    if (typeof node === 'number') {
      if (Number.isFinite(node))
        out.push({ path: path.join('.'), label: numericFieldLabel(path.join('.')), value: node });
      return;
    }
    if (Array.isArray(node)) node.forEach((x, i) => walk(x, [...path, String(i)]));
    else if (node && typeof node === 'object')
      for (const [k, v] of Object.entries(node)) walk(v, [...path, k]);
  };
  walk(strategy, []);
  return out;
}

/** Paths the draft already varies, as a parameter or as one that follows a parameter. */
export function usedPaths(draft: SweepDraft): Set<string> {
  return new Set(draft.params.flatMap((p) => [p.path, ...(p.also ?? [])]));
}

/** Fields a parameter could also set: those not varied yet, the ones holding the parameter's
 *  value now first (an exit's RSI period equal to the entry's is the usual tie). */
export function tieCandidates(
  fields: readonly NumericField[],
  draft: SweepDraft,
  param: SweepParamDraft,
): NumericField[] {
  const used = usedPaths(draft);
  const value = fields.find((f) => f.path === param.path)?.value;
  const free = fields.filter((f) => !used.has(f.path));
  return [...free.filter((f) => f.value === value), ...free.filter((f) => f.value !== value)];
}

/** A first range around a value: from half to double it, ten steps (whole numbers stay whole). */
export function defaultRange(field: NumericField): SweepParamDraft {
  const v = field.value;
  if (v === 0) return { path: field.path, from: '0', to: '1', step: '0.1' };
  const whole = Number.isInteger(v);
  const from = whole ? Math.max(1, Math.round(v / 2)) : v / 2;
  const to = whole ? Math.round(v * 2) : v * 2;
  const step = whole ? Math.max(1, Math.round((to - from) / 10)) : (to - from) / 10;
  const fmt = (n: number) => String(Number(n.toPrecision(6)));
  return { path: field.path, from: fmt(from), to: fmt(to), step: fmt(step) };
}

const num = (s: string) => (s.trim() === '' ? NaN : Number(s));

export function draftToSweep(draft: SweepDraft): {
  sweep: SweepInput;
  walkForward: WalkForward | null;
} {
  return {
    sweep: {
      parameters: draft.params.map((p) => ({
        path: p.path,
        ...(p.also?.length ? { also: p.also } : {}),
        from: num(p.from),
        to: num(p.to),
        step: num(p.step),
      })),
      metric: draft.metric,
    },
    walkForward: draft.walkForward
      ? { windows: num(draft.windows), inSamplePct: num(draft.inSamplePct) }
      : null,
  };
}

/** Combinations the ranges give (what core's sweep will count); NaN while a field is not a number. */
export function combinationCount(draft: SweepDraft): number {
  return draft.params.reduce((n, p) => {
    const [from, to, step] = [num(p.from), num(p.to), num(p.step)];
    if (!(step > 0) || !(to >= from)) return NaN;
    return n * (Math.floor((to - from) / step + 1e-9) + 1);
  }, 1);
}
