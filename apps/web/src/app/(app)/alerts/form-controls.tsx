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

export function SelectField({
  label,
  error,
  hideLabel,
  className,
  children,
  ...select
}: Labelled & SelectHTMLAttributes<HTMLSelectElement>) {
  const id = useId();
  return (
    <div className={cn('flex min-w-0 flex-col gap-1', className)}>
      <label htmlFor={id} className={cn('text-xs font-medium text-muted', hideLabel && 'sr-only')}>
        {label}
      </label>
      <select
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-e` : undefined}
        className={cn(control, error ? bad : ok)}
        {...select}
      >
        {children}
      </select>
      <Note id={`${id}-e`} error={error} />
    </div>
  );
}

export function InputField({
  label,
  error,
  hideLabel,
  className,
  ...input
}: Labelled & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  return (
    <div className={cn('flex min-w-0 flex-col gap-1', className)}>
      <label htmlFor={id} className={cn('text-xs font-medium text-muted', hideLabel && 'sr-only')}>
        {label}
      </label>
      <input
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-e` : undefined}
        className={cn(control, error ? bad : ok)}
        {...input}
      />
      <Note id={`${id}-e`} error={error} />
    </div>
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
