'use client';
// One comparison of the condition builder: left series, operator, and what the operator needs —
// a right series (crosses, greater than…), a channel (entering, exiting…) or a move (by, unit,
// within N bars).
import { defaultParams } from '@coinview/core/indicators/param-fields';
import {
  CHANNEL_OPERATORS,
  COMPARE_OPERATORS,
  CROSS_OPERATORS,
  MOVE_OPERATORS,
  type Comparison,
} from '@coinview/core/rules/rule';
import { InputField, SelectField } from './form-controls';
import { OperandEditor, ParamInputs } from './operand-editor';
import {
  bandIndicators,
  operatorKind,
  type ChannelDraft,
  type ComparisonDraft,
  type FormErrors,
} from './rule-draft';

const OP_LABELS: Record<Comparison['op'], string> = {
  crosses: 'Crossing',
  'crosses-above': 'Crossing up',
  'crosses-below': 'Crossing down',
  'greater-than': 'Greater than',
  'less-than': 'Less than',
  'entering-channel': 'Entering channel',
  'exiting-channel': 'Exiting channel',
  'inside-channel': 'Inside channel',
  'outside-channel': 'Outside channel',
  'moving-up': 'Moving up',
  'moving-down': 'Moving down',
};
const OPS = [...CROSS_OPERATORS, ...COMPARE_OPERATORS, ...CHANNEL_OPERATORS, ...MOVE_OPERATORS];

export function ComparisonEditor({
  index,
  value,
  onChange,
  onRemove,
  errors,
}: {
  index: number;
  value: ComparisonDraft;
  onChange: (next: ComparisonDraft) => void;
  onRemove?: () => void;
  errors: FormErrors;
}) {
  const key = `c${index}`;
  const kind = operatorKind(value.op);
  return (
    <div
      className="flex flex-col gap-3 rounded-md border border-line bg-raised/40 p-3"
      data-testid={`condition-${index}`}
    >
      {errors[key] ? <p className="text-xs text-down">{errors[key]}</p> : null}
      <OperandEditor
        label="Series"
        value={value.left}
        onChange={(left) => onChange({ ...value, left })}
        errors={errors}
        errorKey={`${key}.left`}
        allowValue={false}
      />
      <div className="flex items-end gap-2">
        <SelectField
          label="Condition"
          className="flex-1"
          value={value.op}
          error={errors[`${key}.op`]}
          onChange={(e) => onChange({ ...value, op: e.target.value as Comparison['op'] })}
        >
          {OPS.map((op) => (
            <option key={op} value={op}>
              {OP_LABELS[op]}
            </option>
          ))}
        </SelectField>
        {onRemove && (
          <button
            type="button"
            onClick={onRemove}
            aria-label={`Remove condition ${index + 1}`}
            className="h-8 rounded-md px-2 text-sm text-muted hover:bg-raised hover:text-down"
          >
            Remove
          </button>
        )}
      </div>
      {kind === 'compare' && (
        <OperandEditor
          label="Against"
          value={value.right}
          onChange={(right) => onChange({ ...value, right })}
          errors={errors}
          errorKey={`${key}.right`}
        />
      )}
      {kind === 'channel' && (
        <ChannelEditor
          value={value.channel}
          onChange={(channel) => onChange({ ...value, channel })}
          errors={errors}
          errorKey={`${key}.channel`}
        />
      )}
      {kind === 'move' && (
        <div className="grid grid-cols-3 gap-2">
          <InputField
            label="By"
            type="number"
            step="any"
            min={0}
            value={value.by}
            error={errors[`${key}.by`]}
            onChange={(e) => onChange({ ...value, by: e.target.value })}
          />
          <SelectField
            label="Unit"
            value={value.unit}
            onChange={(e) => onChange({ ...value, unit: e.target.value as 'value' | 'percent' })}
          >
            <option value="percent">%</option>
            <option value="value">Price units</option>
          </SelectField>
          <InputField
            label="Within bars"
            type="number"
            min={1}
            max={500}
            step={1}
            value={value.bars}
            error={errors[`${key}.bars`]}
            onChange={(e) => onChange({ ...value, bars: e.target.value })}
          />
        </div>
      )}
    </div>
  );
}

function ChannelEditor({
  value,
  onChange,
  errors,
  errorKey,
}: {
  value: ChannelDraft;
  onChange: (next: ChannelDraft) => void;
  errors: FormErrors;
  errorKey: string;
}) {
  return (
    <div className="flex flex-col gap-2">
      <SelectField
        label="Channel"
        value={value.kind === 'bands' ? value.id : 'lines'}
        error={errors[`${errorKey}.id`]}
        onChange={(e) =>
          onChange(
            e.target.value === 'lines'
              ? {
                  kind: 'lines',
                  upper: { kind: 'value', value: '70' },
                  lower: { kind: 'value', value: '30' },
                }
              : { kind: 'bands', id: e.target.value, params: defaultParams(e.target.value) },
          )
        }
      >
        {bandIndicators().map((entry) => (
          <option key={entry.id} value={entry.id}>
            {entry.name}
          </option>
        ))}
        <option value="lines">Two lines (upper and lower)</option>
      </SelectField>
      {value.kind === 'bands' ? (
        <div className="grid grid-cols-2 gap-2 sm:grid-cols-3">
          <ParamInputs
            id={value.id}
            params={value.params}
            errors={errors}
            errorKey={`${errorKey}.params`}
            ariaPrefix="Channel"
            onChange={(params) => onChange({ ...value, params })}
          />
        </div>
      ) : (
        <div className="grid gap-3 sm:grid-cols-2">
          <OperandEditor
            label="Upper"
            value={value.upper}
            onChange={(upper) => onChange({ ...value, upper })}
            errors={errors}
            errorKey={`${errorKey}.upper`}
          />
          <OperandEditor
            label="Lower"
            value={value.lower}
            onChange={(lower) => onChange({ ...value, lower })}
            errors={errors}
            errorKey={`${errorKey}.lower`}
          />
        </div>
      )}
    </div>
  );
}
