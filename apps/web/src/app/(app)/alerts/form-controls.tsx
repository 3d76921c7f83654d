'use client';
// Compact controls for the alert dialog's condition builder: labelled selects and inputs with
// their error in place (aria-invalid + described by the message), sized like TradingView's.
import { cn } from '@coinview/ui/cn';
import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes } from 'react';

const control =
  'h-8 w-full min-w-0 rounded-md border bg-canvas px-2 text-sm text-fg focus:outline-none focus:ring-2 disabled:opacity-50';
const ok = 'border-line-strong focus:border-accent focus:ring-accent/30';
const bad = 'border-down focus:ring-down/40';

interface Labelled {
  label: ReactNode;
  error?: string;
  /** Visually hidden label (the row's layout says what it is). */
  hideLabel?: boolean;
  className?: string;
}

function Note({ id, error }: { id: string; error?: string }) {
  return error ? (
    <p id={id} aria-live="polite" className="text-xs text-down">
      {error}
    </p>
  ) : null;
}

/** What a control needs to be named by its label and described by its error. */
interface Wiring {
  id: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
  className: string;
}

/**
 * The label over a control and its error under it: `children` draws the control from the wiring
 * and the field's own attributes (all of `field` but what is the label's).
 */
function LabelledControl<F extends Labelled>({
  field,
  children,
}: {
  field: F;
  children: (wiring: Wiring, attributes: Omit<F, keyof Labelled>) => ReactNode;
}) {
  const { label, error, hideLabel, className, ...attributes } = field;
  const id = useId();
  return (
    <div className={cn('flex min-w-0 flex-col gap-1', className)}>
      <label htmlFor={id} className={cn('text-xs font-medium text-muted', hideLabel && 'sr-only')}>
        {label}
      </label>
      {children(
        {
          id,
          'aria-invalid': error ? true : undefined,
          'aria-describedby': error ? `${id}-e` : undefined,
          className: cn(control, error ? bad : ok),
        },
        attributes,
      )}
      <Note id={`${id}-e`} error={error} />
    </div>
  );
}

export function SelectField(field: Labelled & SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <LabelledControl field={field}>
      {(wiring, select) => <select {...wiring} {...select} />}
    </LabelledControl>
  );
}

export function InputField(field: Labelled & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <LabelledControl field={field}>
      {(wiring, input) => <input {...wiring} {...input} />}
    </LabelledControl>
  );
}

export function CheckField({
  label,
  checked,
  onChange,
  note,
  disabled,
}: {
  label: ReactNode;
  checked: boolean;
  onChange: (checked: boolean) => void;
  note?: ReactNode;
  disabled?: boolean;
}) {
  const id = useId();
  return (
    <div className="flex flex-col gap-0.5">
      <label htmlFor={id} className="flex items-center gap-2 text-sm text-fg">
        <input
          id={id}
          type="checkbox"
          checked={checked}
          disabled={disabled}
          onChange={(e) => onChange(e.target.checked)}
          className="size-4 accent-[var(--color-accent)]"
        />
        {label}
      </label>
      {note ? <p className="pl-6 text-xs text-muted">{note}</p> : null}
    </div>
  );
}
