'use client';
// The controls inside the settings dialog: one input per indicator parameter (number, choice,
// checkbox) and the Style tab (colours, visibility, custom name).
import type { ParamField } from '@coinview/core/indicators/param-fields';
import { MAX_LAYOUT_NAME_LENGTH } from '@coinview/core/layout';
import { Field } from '@coinview/ui/field';
import { useId } from 'react';
import { outputLabel, pickColour, type DraftInput, type SettingsDraft } from './settings-draft';

const SOURCE_LABELS: Record<string, string> = {
  close: 'Close',
  open: 'Open',
  high: 'High',
  low: 'Low',
  hl2: 'HL2 (high + low) / 2',
  hlc3: 'HLC3 (high + low + close) / 3',
  ohlc4: 'OHLC4 (open + high + low + close) / 4',
};

export function ParamInput({
  field,
  value,
  error,
  onChange,
}: {
  field: ParamField;
  value: DraftInput | undefined;
  error: string | undefined;
  onChange: (value: DraftInput) => void;
}) {
  const id = useId();
  if (field.kind === 'boolean')
    return <Checkbox label={field.label} checked={value === true} onChange={onChange} />;
  if (field.kind === 'choice')
    return (
      <div className="flex flex-col gap-1.5">
        <label htmlFor={id} className="text-sm font-medium text-fg">
          {field.label}
        </label>
        <select
          id={id}
          value={typeof value === 'string' ? value : field.default}
          onChange={(e) => onChange(e.target.value)}
          className="h-9 rounded-md border border-line bg-canvas px-2 text-sm text-fg focus:border-accent focus:outline-none"
        >
          {field.options.map((option) => (
            <option key={option} value={option}>
              {SOURCE_LABELS[option] ?? option}
            </option>
          ))}
        </select>
      </div>
    );
  return (
    <Field
      id={id}
      label={field.label}
      type="number"
      inputMode={field.kind === 'integer' ? 'numeric' : 'decimal'}
      min={field.min}
      max={field.max}
      step={field.step}
      value={typeof value === 'string' ? value : ''}
      onChange={(e) => onChange(e.target.value)}
      error={error}
      className="font-mono tabular-nums"
    />
  );
}

function Checkbox({
  label,
  checked,
  onChange,
}: {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  return (
    <label className="flex cursor-pointer items-center gap-2.5 text-sm text-fg">
      <input
        type="checkbox"
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
        className="size-4 accent-accent"
      />
      {label}
    </label>
  );
}

export function StyleTab({
  outputs,
  draft,
  nameError,
  placeholder,
  onChange,
}: {
  outputs: readonly string[];
  draft: SettingsDraft;
  nameError: string | undefined;
  /** What the legend shows without a custom name ("RSI 14"). */
  placeholder: string;
  onChange: (draft: SettingsDraft) => void;
}) {
  const base = useId();
  return (
    <>
      <Checkbox
        label="Visible"
        checked={draft.visible}
        onChange={(visible) => onChange({ ...draft, visible })}
      />
      <fieldset className="flex flex-col gap-2">
        <legend className="mb-2 text-xs font-medium tracking-wide text-faint uppercase">
          Colours
        </legend>
        {outputs.map((output) => {
          const colour = draft.colors[output] ?? '#000000';
          const inputId = `${base}-${output}`;
          return (
            <div key={output} className="flex items-center justify-between gap-3">
              <label htmlFor={inputId} className="text-sm text-fg">
                {outputLabel(output)}
              </label>
              <span className="flex items-center gap-2">
                <span className="font-mono text-xs text-muted uppercase">{colour.slice(0, 7)}</span>
                <input
                  id={inputId}
                  type="color"
                  value={colour.slice(0, 7)}
                  onChange={(e) =>
                    onChange({
                      ...draft,
                      colors: { ...draft.colors, [output]: pickColour(colour, e.target.value) },
                    })
                  }
                  className="h-7 w-10 cursor-pointer rounded border border-line bg-canvas p-0.5"
                />
              </span>
            </div>
          );
        })}
      </fieldset>
      <Field
        label="Name"
        value={draft.name}
        placeholder={placeholder}
        maxLength={MAX_LAYOUT_NAME_LENGTH + 1}
        onChange={(e) => onChange({ ...draft, name: e.target.value })}
        error={nameError}
        hint="Optional: shown in the legend instead of the default title."
      />
    </>
  );
}
