import type { ReactNode } from 'react';
import { cn } from '@coinview/ui/cn';

/** A form-level message (as opposed to a field's own error). */
export function FormAlert({
  tone = 'error',
  children,
}: {
  tone?: 'error' | 'success' | 'info';
  children: ReactNode;
}) {
  return (
    <div
      role={tone === 'error' ? 'alert' : 'status'}
      className={cn(
        'rounded-md border px-3 py-2.5 text-sm',
        tone === 'error' && 'border-down/40 bg-down/10 text-down',
        tone === 'success' && 'border-up/40 bg-up/10 text-up',
        tone === 'info' && 'border-accent/40 bg-accent/10 text-fg',
      )}
    >
      {children}
    </div>
  );
}
