'use client';
// Saving the drawings failed (the network, the server; a conflict has its own banner): said on the
// chart, where the trader drew, with a Retry that saves now instead of waiting for the next try.
import { Button } from '../button';
import type { DrawingSaveProblem } from './drawing-controller';
import { WarningIcon } from './drawing-icons';

export function DrawingSaveStatus({ problem }: { problem: DrawingSaveProblem }) {
  return (
    <div
      role="alert"
      data-testid="drawings-save-error"
      className="absolute bottom-20 left-3 z-30 flex max-w-sm items-center gap-2 rounded-md border border-down/40 bg-panel px-3 py-2 text-xs shadow-lg"
    >
      <span aria-hidden className="shrink-0 text-down">
        {WarningIcon}
      </span>
      <span className="min-w-0">
        <span className="block font-medium text-fg">Drawings not saved — retrying</span>
        <span className="block truncate text-muted" title={problem.message}>
          {problem.message}
        </span>
      </span>
      <Button variant="ghost" size="sm" onClick={problem.retry}>
        Retry
      </Button>
    </div>
  );
}
