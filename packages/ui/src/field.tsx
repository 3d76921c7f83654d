'use client';
// A labelled input with its error shown in place, wired for assistive technology: the label names
// the input, and the error and hint describe it.
import { useId, type InputHTMLAttributes, type ReactNode, type Ref } from 'react';
import { cn } from './cn';

export interface FieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'children'> {
  label: ReactNode;
  /** Shown under the input in red; marks the input invalid. */
  error?: string | null;
  /** Shown under the input when there is no error. */
  hint?: ReactNode;
  /** Classes for the wrapper; `className` styles the input. */
  wrapperClassName?: string;
  ref?: Ref<HTMLInputElement>;
}

export function Field({
  label,
  error,
  hint,
  id,
  className,
  wrapperClassName,
  ...input
}: FieldProps) {
  const generated = useId();
  const inputId = id ?? generated;
  const noteId = `${inputId}-note`;
  const note = error || hint;
  return (
    <div className={cn('flex flex-col gap-1.5', wrapperClassName)}>
      <label htmlFor={inputId} className="text-sm font-medium text-fg">
        {label}
      </label>
      <input
        id={inputId}
        aria-invalid={error ? true : undefined}
        aria-describedby={note ? noteId : undefined}
        className={cn(
          'h-9 rounded-md border bg-panel px-3 text-sm text-fg placeholder:text-faint',
          'focus:outline-none focus:ring-2 disabled:opacity-50',
          error
            ? 'border-down focus:ring-down/40'
            : 'border-line-strong focus:border-accent focus:ring-accent/30',
          className,
        )}
        {...input}
      />
      {note && (
        <p
          id={noteId}
          aria-live={error ? 'polite' : undefined}
          className={cn('text-xs', error ? 'text-down' : 'text-muted')}
        >
          {note}
        </p>
      )}
    </div>
  );
}
