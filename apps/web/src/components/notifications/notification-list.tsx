'use client';
// The bell panel's list: newest first, unread ones marked; clicking one marks it read and opens
// the alerts page.
import { formatDate } from '@coinview/core/time-zone';
import { cn } from '@coinview/ui/cn';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useTimeZone } from '~/components/time-zone';
import { useTRPC } from '~/trpc/react';

function ago(ms: number, timeZone: string): string {
  const s = Math.max(0, Math.round((Date.now() - ms) / 1000));
  if (s < 45) return 'just now';
  if (s < 3600) return `${Math.round(s / 60)} min`;
  if (s < 86_400) return `${Math.round(s / 3600)} h`;
  return formatDate(ms, timeZone);
}

export function NotificationList({ onNavigate }: { onNavigate: () => void }) {
  const trpc = useTRPC();
  const timeZone = useTimeZone();
  const router = useRouter();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.notifications.list.queryOptions({ limit: 30, unreadOnly: false }));
  const markRead = useMutation(
    trpc.notifications.markRead.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.notifications.pathKey() }),
    }),
  );

  if (list.isPending)
    return (
      <div className="space-y-3 p-4" aria-busy="true">
        {[0, 1, 2].map((i) => (
          <div key={i} className="h-10 animate-pulse rounded bg-raised" />
        ))}
      </div>
    );
  if (list.isError)
    return (
      <p role="alert" className="p-4 text-sm text-down">
        Could not load notifications.{' '}
        <button type="button" className="underline" onClick={() => void list.refetch()}>
          Retry
        </button>
      </p>
    );
  if (list.data.length === 0)
    return (
      <p className="px-4 py-8 text-center text-sm text-muted">
        No notifications yet. Alerts you create show up here when they fire.
      </p>
    );

  return (
    <ul className="min-h-0 flex-1 overflow-y-auto" aria-label="Notifications">
      {list.data.map((n) => (
        <li key={n.id} className="border-b border-line last:border-b-0">
          <button
            type="button"
            data-testid="notification-item"
            onClick={() => {
              if (!n.readAt) markRead.mutate({ ids: [n.id] });
              onNavigate();
              router.push('/alerts');
            }}
            className={cn(
              'flex w-full gap-3 px-4 py-2.5 text-left transition-colors hover:bg-raised',
              !n.readAt && 'bg-accent/5',
            )}
          >
            <span
              aria-hidden
              className={cn(
                'mt-1.5 size-2 shrink-0 rounded-full',
                n.readAt ? 'bg-transparent' : 'bg-accent',
              )}
            />
            <span className="min-w-0 flex-1">
              <span className="flex items-baseline justify-between gap-2">
                <span
                  className={cn(
                    'truncate text-sm',
                    n.readAt ? 'text-fg' : 'font-medium text-fg-strong',
                  )}
                >
                  {n.title}
                </span>
                <span className="shrink-0 text-[11px] text-faint">
                  {ago(n.createdAt, timeZone)}
                </span>
              </span>
              <span className="line-clamp-2 text-xs text-muted">{n.body}</span>
              {!n.readAt ? <span className="sr-only">(unread)</span> : null}
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
