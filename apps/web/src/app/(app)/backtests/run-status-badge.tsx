import { cn } from '@coinview/ui/cn';
import type { BacktestRunSummary } from '@coinview/db/backtests';

type Status = BacktestRunSummary['status'];

const STYLES: Record<Status, string> = {
  queued: 'border-line-strong bg-raised text-muted',
  downloading: 'border-accent/40 bg-accent/10 text-accent',
  running: 'border-accent/40 bg-accent/10 text-accent',
  done: 'border-up/40 bg-up/10 text-up',
  failed: 'border-down/40 bg-down/10 text-down',
  cancelled: 'border-line-strong bg-raised text-faint',
};
const LABELS: Record<Status, string> = {
  queued: 'Queued',
  downloading: 'Downloading',
  running: 'Running',
  done: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

export const isActive = (status: Status) =>
  status === 'queued' || status === 'downloading' || status === 'running';

export function RunStatusBadge({ status }: { status: Status }) {
  return (
    <span
      data-testid="backtest-status"
      data-status={status}
      className={cn(
        'inline-flex h-5 items-center rounded border px-1.5 text-[11px] font-medium',
        STYLES[status],
      )}
    >
      {LABELS[status]}
    </span>
  );
}
