'use client';
// The condition builder the alert dialog and the backtest form share: one "all"/"any" group of
// comparisons, each edited by ComparisonEditor, with add and remove. Errors are keyed as
// rule-draft's formKey maps them ("c0", "c1.left.params.period").
import { MAX_COMPARISONS } from '@coinview/core/rules/rule';
import { Button } from '@coinview/ui/button';
import { ComparisonEditor } from './comparison-editor';
import { SelectField } from './form-controls';
import { comparison, type ConditionDraft, type FormErrors } from './rule-draft';

export function ConditionGroupEditor({
  value,
  onChange,
  errors,
  label = 'Conditions',
  combineLabel = 'Fire when',
}: {
  value: ConditionDraft;
  onChange: (next: ConditionDraft) => void;
  errors: FormErrors;
  label?: string;
  combineLabel?: string;
}) {
  const { comparisons } = value;
  const setComparisons = (next: ConditionDraft['comparisons']) =>
    onChange({ ...value, comparisons: next });
  return (
    <section className="flex flex-col gap-2" aria-label={label}>
      {comparisons.length > 1 && (
        <SelectField
          label={combineLabel}
          value={value.combine}
          onChange={(e) => onChange({ ...value, combine: e.target.value as 'all' | 'any' })}
        >
          <option value="all">All conditions are met</option>
          <option value="any">Any condition is met</option>
        </SelectField>
      )}
      {errors.c0 && comparisons.length > 1 ? (
        <p className="text-xs text-down">{errors.c0}</p>
      ) : null}
      {comparisons.map((c, i) => (
        <ComparisonEditor
          key={i}
          index={i}
          value={c}
          errors={errors}
          onChange={(next) => setComparisons(comparisons.map((x, j) => (j === i ? next : x)))}
          onRemove={
            comparisons.length > 1
              ? () => setComparisons(comparisons.filter((_, j) => j !== i))
              : undefined
          }
        />
      ))}
      {comparisons.length < MAX_COMPARISONS && (
        <Button
          variant="ghost"
          size="sm"
          className="self-start"
          onClick={() =>
            setComparisons([
              ...comparisons,
              comparison(
                'greater-than',
                { kind: 'price', field: 'close' },
                { kind: 'value', value: '' },
              ),
            ])
          }
        >
          + Add condition
        </Button>
      )}
    </section>
  );
}
