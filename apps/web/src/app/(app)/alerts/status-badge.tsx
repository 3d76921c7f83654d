import { cn } from '@coinview/ui/cn';
import type { AlertStatus } from '@coinview/db/alert-rules';

const STYLES: Record<AlertStatus, string> = {
  active: 'border-up/40 bg-up/10 text-up',
  paused: 'border-line-strong bg-raised text-muted',
  triggered: 'border-warn/40 bg-warn/10 text-warn',
  expired: 'border-line-strong bg-raised text-faint',
};
const LABELS: Record<AlertStatus, string> = {
  active: 'Active',
  paused: 'Paused',
  triggered: 'Triggered',
  expired: 'Expired',
};

export function StatusBadge({ status }: { status: AlertStatus }) {
  return (
    <span
      data-testid="alert-status"
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

const DELIVERY: Record<'pending' | 'sent' | 'failed', string> = {
  sent: 'text-up',
  pending: 'text-warn',
  failed: 'text-down',
};

export function DeliveryBadge({
  channel,
  status,
  attempts,
  lastError,
}: {
  channel: 'email' | 'webhook' | 'inapp' | 'telegram';
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  lastError: string | null;
}) {
  const name = { inapp: 'In-app', email: 'Email', webhook: 'Webhook', telegram: 'Telegram' }[
    channel
  ];
  const detail =
    status === 'sent'
      ? 'sent'
      : status === 'pending'
        ? attempts > 0
          ? `retrying (${attempts} ${attempts === 1 ? 'attempt' : 'attempts'})`
          : 'pending'
        : `failed after ${attempts} ${attempts === 1 ? 'attempt' : 'attempts'}`;
  return (
    <span
      className="inline-flex items-center gap-1 text-xs"
      title={lastError ?? undefined}
      data-testid={`delivery-${channel}`}
      data-status={status}
    >
      <span className="text-muted">{name}:</span>
      <span className={DELIVERY[status]}>{detail}</span>
      {lastError && status !== 'sent' ? (
        <span className="max-w-[24ch] truncate text-faint">— {lastError}</span>
      ) : null}
    </span>
  );
}
