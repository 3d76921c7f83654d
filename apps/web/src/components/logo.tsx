import { cn } from '@coinview/ui/cn';

/** Two candles, one up and one down, and the name. */
export function Logo({ className, withName = true }: { className?: string; withName?: boolean }) {
  return (
    <span
      className={cn(
        'inline-flex items-center gap-2 font-semibold tracking-tight text-fg-strong',
        className,
      )}
    >
      <svg viewBox="0 0 24 24" aria-hidden="true" className="h-6 w-6 shrink-0">
        <rect x="0" y="0" width="24" height="24" rx="5" className="fill-raised" />
        <line x1="8" y1="4" x2="8" y2="19" strokeWidth="1.5" className="stroke-up" />
        <rect x="5.5" y="7" width="5" height="9" rx="1" className="fill-up" />
        <line x1="16" y1="6" x2="16" y2="20" strokeWidth="1.5" className="stroke-down" />
        <rect x="13.5" y="10" width="5" height="7" rx="1" className="fill-down" />
      </svg>
      {withName ? <span>Coinview</span> : null}
    </span>
  );
}
