'use client';
// One side of a comparison: a price field, an indicator line with its parameters (the catalogue's
// own fields, as in the chart's indicator settings), or a number.
import { paramFields } from '@coinview/core/indicators/param-fields';
import { PRICE_FIELDS } from '@coinview/core/rules/rule';
import { lineLabel, priceLabel } from '@coinview/core/rules/labels';
import {
  catalogEntry,
  comparableIndicators,
  indicatorOperand,
  type FormErrors,
  type OperandDraft,
  type ParamValue,
} from './rule-draft';
import { InputField, SelectField } from './form-controls';

const KIND_LABELS = {
  price: 'Price',
  indicator: 'Indicator',
  value: 'Value',
  line: 'Drawn line',
} as const;

export function OperandEditor({
  label,
  value,
  onChange,
  errors,
  errorKey,
  allowValue = true,
}: {
  label: string;
  value: OperandDraft;
  onChange: (next: OperandDraft) => void;
  errors: FormErrors;
  /** Form key of this operand ("c0.left"): its errors are under it. */
  errorKey: string;
  allowValue?: boolean;
}) {
  // A drawn line is made on the chart, not here: offered only to keep the one the alert has.
  const kinds = [
    'price',
    'indicator',
    ...(allowValue ? (['value'] as const) : []),
    ...(value.kind === 'line' ? (['line'] as const) : []),
  ] as const;
  const setKind = (kind: OperandDraft['kind']) => {
    if (kind === value.kind) return;
    if (kind === 'price') onChange({ kind: 'price', field: 'close' });
    else if (kind === 'indicator') onChange(indicatorOperand('rsi'));
    else if (kind === 'value') onChange({ kind: 'value', value: '' });
  };

  return (
    <fieldset className="flex min-w-0 flex-col gap-2">
      <legend className="mb-1 text-xs font-semibold uppercase tracking-wide text-faint">
        {label}
      </legend>
      <div className="grid grid-cols-[7rem_minmax(0,1fr)] gap-2">
        <SelectField
          label={`${label} type`}
          hideLabel
          value={value.kind}
          onChange={(e) => setKind(e.target.value as OperandDraft['kind'])}
        >
          {kinds.map((k) => (
            <option key={k} value={k}>
              {KIND_LABELS[k]}
            </option>
          ))}
        </SelectField>
        {value.kind === 'price' && (
          <SelectField
            label={`${label} price`}
            hideLabel
            value={value.field}
            onChange={(e) =>
              onChange({ kind: 'price', field: e.target.value as typeof value.field })
            }
          >
            {PRICE_FIELDS.map((f) => (
              <option key={f} value={f}>
                {priceLabel(f)}
              </option>
            ))}
          </SelectField>
        )}
        {value.kind === 'value' && (
          <InputField
            label={`${label} value`}
            hideLabel
            type="number"
            inputMode="decimal"
            step="any"
            placeholder="e.g. 30"
            value={value.value}
            error={errors[`${errorKey}.value`]}
            onChange={(e) => onChange({ kind: 'value', value: e.target.value })}
          />
        )}
        {value.kind === 'line' && (
          <p className="self-center truncate text-sm text-fg" data-testid="line-operand">
            {lineLabel(value)}
            <span className="text-muted"> · drawn on the chart</span>
          </p>
        )}
        {value.kind === 'indicator' && (
          <SelectField
            label={`${label} indicator`}
            hideLabel
            value={value.id}
            error={errors[`${errorKey}.id`]}
            onChange={(e) => onChange(indicatorOperand(e.target.value))}
          >
            {comparableIndicators().map((entry) => (
              <option key={entry.id} value={entry.id}>
                {entry.name}
              </option>
            ))}
          </SelectField>
        )}
      </div>
      {value.kind === 'indicator' && (
        <IndicatorParams
          label={label}
          value={value}
          onChange={onChange}
          errors={errors}
          errorKey={errorKey}
        />
      )}
    </fieldset>
  );
}

function IndicatorParams({
  label,
  value,
  onChange,
  errors,
  errorKey,
}: {
  label: string;
  value: Extract<OperandDraft, { kind: 'indicator' }>;
  onChange: (next: OperandDraft) => void;
  errors: FormErrors;
  errorKey: string;
}) {
  const entry = catalogEntry(value.id);
  if (!entry) return null;
  return (
    <div className="grid grid-cols-2 gap-2 sm:grid-cols-3">
      {entry.outputs.length > 1 && (
        <SelectField
          label="Line"
          value={value.output}
          error={errors[`${errorKey}.output`]}
          onChange={(e) => onChange({ ...value, output: e.target.value })}
        >
          {entry.outputs.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </SelectField>
      )}
      <ParamInputs
        id={value.id}
        params={value.params}
        errors={errors}
        errorKey={`${errorKey}.params`}
        ariaPrefix={label}
        onChange={(params) => onChange({ ...value, params })}
      />
    </div>
  );
}

/** One input per catalogue parameter; numbers stay numbers (NaN when emptied: refused by the schema). */
export function ParamInputs({
  id,
  params,
  onChange,
  errors,
  errorKey,
  ariaPrefix,
}: {
  id: string;
  params: Record<string, ParamValue>;
  onChange: (params: Record<string, ParamValue>) => void;
  errors: FormErrors;
  errorKey: string;
  ariaPrefix: string;
}) {
  return (
    <>
      {paramFields(id).map((field) => {
        const error = errors[`${errorKey}.${field.key}`];
        const current = params[field.key] ?? field.default;
        const set = (v: ParamValue) => onChange({ ...params, [field.key]: v });
        if (field.kind === 'boolean') return null;
        if (field.kind === 'choice')
          return (
            <SelectField
              key={field.key}
              label={field.label}
              aria-label={`${ariaPrefix} ${field.label}`}
              value={String(current)}
              error={error}
              onChange={(e) => set(e.target.value)}
            >
              {field.options.map((o) => (
                <option key={o} value={o}>
                  {o}
                </option>
              ))}
            </SelectField>
          );
        return (
          <InputField
            key={field.key}
            label={field.label}
            aria-label={`${ariaPrefix} ${field.label}`}
            type="number"
            step={field.step}
            min={field.min}
            max={field.max}
            value={typeof current === 'number' && !Number.isNaN(current) ? current : ''}
            error={error}
            onChange={(e) => set(e.target.valueAsNumber)}
          />
        );
      })}
    </>
  );
}
