import { cn } from '@coinview/ui/cn';
import type { LiveStatus } from './use-market-feed';

const labels: Record<LiveStatus, string> = {
  idle: 'Offline',
  connecting: 'Connecting',
  live: 'Live',
  reconnecting: 'Reconnecting',
  error: 'Disconnected',
};

const dots: Record<LiveStatus, string> = {
  idle: 'bg-faint',
  connecting: 'bg-warn animate-pulse',
  live: 'bg-up',
  reconnecting: 'bg-warn animate-pulse',
  error: 'bg-down',
};

/** The stream's state as a dot and a word; the title carries the error when there is one. When the
 *  data is a replay of recordings, "Live" reads "Replay" (the title says what is replayed). */
export function LiveStatusBadge({
  status,
  detail,
  replay,
}: {
  status: LiveStatus;
  detail?: string;
  replay?: string;
}) {
  const replaying = replay !== undefined && status === 'live';
  return (
    <span
      data-testid="live-status"
      data-status={status}
      data-source={replay !== undefined ? 'replay' : undefined}
      title={detail ?? replay}
      className="inline-flex items-center gap-1.5 rounded-full border border-line px-2 py-0.5 text-xs text-muted"
    >
      <span
        aria-hidden
        className={cn('h-2 w-2 rounded-full', replaying ? 'bg-accent' : dots[status])}
      />
      <span role="status">{replaying ? 'Replay' : labels[status]}</span>
    </span>
  );
}
