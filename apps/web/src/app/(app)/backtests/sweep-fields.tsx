'use client';
// "Sweep parameters": up to four numbers of the strategy with a range and step each, the metric
// the combinations are ranked by, and an optional walk-forward (choose in sample, report out of
// sample). The count of combinations is shown as the ranges are typed.
import type { StrategyInput } from '@coinview/core/backtest/strategy';
import { MAX_SWEEP_COMBINATIONS, SWEEP_METRICS } from '@coinview/core/backtest/sweep';
import { Button } from '@coinview/ui/button';
import { useMemo } from 'react';
import { CheckField, InputField, SelectField } from '../alerts/form-controls';
import { SWEEP_METRIC_LABELS } from './sweep-format';
import {
  combinationCount,
  defaultRange,
  numericFields,
  tieCandidates,
  usedPaths,
  type SweepDraft,
  type SweepParamDraft,
} from './sweep-draft';

const MAX_PARAMETERS = 4;

export function SweepFields({
  strategy,
  value,
  onChange,
  errors,
}: {
  strategy: StrategyInput;
  value: SweepDraft;
  onChange: (next: SweepDraft) => void;
  /** By key: "parameters.0.to", "parameters", "windows", "inSamplePct". */
  errors: Record<string, string>;
}) {
  const fields = useMemo(() => numericFields(strategy), [strategy]);
  const used = usedPaths(value);
  const unused = fields.filter((f) => !used.has(f.path));
  const labelOf = (path: string) => fields.find((f) => f.path === path)?.label ?? path;
  const count = combinationCount(value);
  const setParam = (i: number, next: SweepParamDraft) =>
    onChange({ ...value, params: value.params.map((p, j) => (j === i ? next : p)) });

  return (
    <div className="flex flex-col gap-3" data-testid="sweep-fields">
      {value.params.map((p, i) => (
        <div
          key={i}
          className="grid grid-cols-2 gap-2 rounded-md border border-line bg-raised/40 p-3 sm:grid-cols-[minmax(0,2fr)_repeat(3,minmax(0,1fr))_auto]"
        >
          <SelectField
            label={`Parameter ${i + 1}`}
            className="col-span-2 sm:col-span-1"
            value={p.path}
            error={errors[`parameters.${i}.path`]}
            onChange={(e) => {
              const field = fields.find((f) => f.path === e.target.value);
              if (field) setParam(i, defaultRange(field));
            }}
          >
            {fields
              .filter((f) => f.path === p.path || unused.includes(f))
              .map((f) => (
                <option key={f.path} value={f.path}>
                  {f.label} (now {f.value})
                </option>
              ))}
          </SelectField>
          {(['from', 'to', 'step'] as const).map((k) => (
            <InputField
              key={k}
              label={k === 'from' ? 'From' : k === 'to' ? 'To' : 'Step'}
              type="number"
              step="any"
              value={p[k]}
              error={errors[`parameters.${i}.${k}`]}
              onChange={(e) => setParam(i, { ...p, [k]: e.target.value })}
            />
          ))}
          <button
            type="button"
            aria-label={`Remove parameter ${i + 1}`}
            onClick={() => onChange({ ...value, params: value.params.filter((_, j) => j !== i) })}
            className="h-8 self-end rounded-md px-2 text-sm text-muted hover:bg-raised hover:text-down"
          >
            Remove
          </button>
          <TiedFields
            index={i}
            also={p.also ?? []}
            labelOf={labelOf}
            candidates={tieCandidates(fields, value, p)}
            error={errors[`parameters.${i}.also`]}
            onChange={(also) => setParam(i, { ...p, also })}
          />
        </div>
      ))}
      {errors.parameters ? <p className="text-xs text-down">{errors.parameters}</p> : null}
      <div className="flex flex-wrap items-center gap-3">
        {value.params.length < MAX_PARAMETERS && unused[0] ? (
          <Button
            variant="ghost"
            size="sm"
            onClick={() =>
              onChange({ ...value, params: [...value.params, defaultRange(unused[0]!)] })
            }
          >
            + Add parameter
          </Button>
        ) : null}
        <span
          className={count > MAX_SWEEP_COMBINATIONS ? 'text-xs text-down' : 'text-xs text-muted'}
          data-testid="sweep-count"
        >
          {value.params.length === 0
            ? 'Add a parameter to sweep'
            : Number.isNaN(count)
              ? 'Check the ranges'
              : `${count.toLocaleString('en-US')} combinations (at most ${MAX_SWEEP_COMBINATIONS.toLocaleString('en-US')})`}
        </span>
      </div>
      <div className="grid gap-2 sm:grid-cols-2">
        <SelectField
          label="Rank by"
          value={value.metric}
          onChange={(e) => onChange({ ...value, metric: e.target.value as SweepDraft['metric'] })}
        >
          {SWEEP_METRICS.map((m) => (
            <option key={m} value={m}>
              {SWEEP_METRIC_LABELS[m]}
            </option>
          ))}
        </SelectField>
      </div>
      <CheckField
        label="Walk-forward: choose in sample, report out of sample"
        checked={value.walkForward}
        onChange={(walkForward) => onChange({ ...value, walkForward })}
        note="Rolling windows; each picks its best combination on its in-sample bars and trades it on the bars that follow."
      />
      {value.walkForward ? (
        <div className="grid grid-cols-2 gap-2">
          <InputField
            label="Windows"
            type="number"
            min={1}
            max={20}
            step={1}
            value={value.windows}
            error={errors.windows}
            onChange={(e) => onChange({ ...value, windows: e.target.value })}
          />
          <InputField
            label="In-sample % of a window"
            type="number"
            min={50}
            max={90}
            step="any"
            value={value.inSamplePct}
            error={errors.inSamplePct}
            onChange={(e) => onChange({ ...value, inSamplePct: e.target.value })}
          />
        </div>
      ) : null}
    </div>
  );
}

/** "Same value for": other numbers of the strategy that follow this parameter (core's `also`, at
 *  most three), e.g. the exit's RSI period moving with the entry's. */
function TiedFields({
  index,
  also,
  labelOf,
  candidates,
  error,
  onChange,
}: {
  index: number;
  also: string[];
  labelOf: (path: string) => string;
  candidates: { path: string; label: string; value: number }[];
  error?: string;
  onChange: (also: string[]) => void;
}) {
  return (
    <div
      className="col-span-full flex flex-wrap items-center gap-2 text-xs text-muted"
      data-testid={`sweep-also-${index}`}
    >
      <span>Same value for</span>
      {also.map((path) => (
        <span
          key={path}
          className="inline-flex items-center gap-1 rounded-full border border-line bg-raised px-2 py-0.5 text-fg"
        >
          {labelOf(path)}
          <button
            type="button"
            aria-label={`Stop setting ${labelOf(path)} with parameter ${index + 1}`}
            onClick={() => onChange(also.filter((x) => x !== path))}
            className="text-muted hover:text-down"
          >
            ×
          </button>
        </span>
      ))}
      {also.length < 3 && candidates.length > 0 ? (
        <select
          aria-label={`Also set with parameter ${index + 1}`}
          value=""
          onChange={(e) => {
            if (e.target.value) onChange([...also, e.target.value]);
          }}
          className="h-7 rounded-md border border-line bg-panel px-2 text-xs text-fg"
        >
          <option value="">{also.length ? '+ another' : '+ add a number'}</option>
          {candidates.map((f) => (
            <option key={f.path} value={f.path}>
              {f.label} (now {f.value})
            </option>
          ))}
        </select>
      ) : also.length === 0 ? (
        <span>no other number</span>
      ) : null}
      {error ? <span className="text-down">{error}</span> : null}
    </div>
  );
}
