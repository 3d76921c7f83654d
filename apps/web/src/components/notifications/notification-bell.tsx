'use client';
// The header's bell: the unread count, a panel of the latest notifications (opening one marks it
// read), and a toast for each one that arrives live (notifications.live over the tab's live
// WebSocket). One live subscription per tab, owned here because the header is on every signed-in
// page.
import { cn } from '@coinview/ui/cn';
import * as Popover from '@radix-ui/react-popover';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import Link from 'next/link';
import { useState } from 'react';
import { toast } from 'sonner';
import { useTRPC } from '~/trpc/react';
import { AppToaster } from './app-toaster';
import { NotificationList } from './notification-list';

export function NotificationBell() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const unread = useQuery({
    ...trpc.notifications.unreadCount.queryOptions(),
    refetchInterval: 60_000,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.notifications.pathKey() });

  useSubscription(
    trpc.notifications.live.subscriptionOptions(
      {},
      {
        onData: ({ data }) => {
          toast(data.title, {
            description: data.body,
            action: { label: 'Alerts', onClick: () => window.location.assign('/alerts') },
          });
          void refresh();
          // A fire moves its alert's status and log too.
          void queryClient.invalidateQueries({ queryKey: trpc.alerts.pathKey() });
        },
      },
    ),
  );

  const markAll = useMutation(
    trpc.notifications.markAllRead.mutationOptions({ onSuccess: refresh }),
  );
  const count = unread.data ?? 0;

  return (
    <>
      <Popover.Root open={open} onOpenChange={setOpen}>
        <Popover.Trigger
          aria-label={count ? `Notifications, ${count} unread` : 'Notifications'}
          data-testid="notification-bell"
          className="relative flex h-8 w-8 items-center justify-center rounded-md text-muted transition-colors hover:bg-raised hover:text-fg-strong data-[state=open]:bg-raised data-[state=open]:text-fg-strong"
        >
          <BellIcon />
          {count > 0 ? (
            <span
              data-testid="unread-count"
              className="absolute -right-0.5 -top-0.5 flex h-4 min-w-4 items-center justify-center rounded-full bg-down-fill px-1 text-[10px] font-semibold leading-none text-white"
            >
              {count > 99 ? '99+' : count}
            </span>
          ) : null}
        </Popover.Trigger>
        <Popover.Portal>
          <Popover.Content
            align="end"
            sideOffset={6}
            collisionPadding={8}
            className="z-50 flex max-h-[min(70dvh,520px)] w-[min(92vw,380px)] flex-col overflow-hidden rounded-lg border border-line bg-panel shadow-2xl"
          >
            <div className="flex items-center justify-between border-b border-line px-4 py-2.5">
              <h2 className="text-sm font-semibold text-fg-strong">Notifications</h2>
              <button
                type="button"
                disabled={count === 0 || markAll.isPending}
                onClick={() => markAll.mutate()}
                className={cn(
                  'text-xs text-accent hover:underline disabled:text-faint disabled:no-underline',
                )}
              >
                Mark all read
              </button>
            </div>
            <NotificationList onNavigate={() => setOpen(false)} />
            <Link
              href="/alerts"
              onClick={() => setOpen(false)}
              className="border-t border-line px-4 py-2 text-center text-xs text-muted hover:text-fg"
            >
              Manage alerts
            </Link>
          </Popover.Content>
        </Popover.Portal>
      </Popover.Root>
      <AppToaster />
    </>
  );
}

function BellIcon() {
  return (
    <svg width="18" height="18" viewBox="0 0 24 24" fill="none" aria-hidden="true">
      <path
        d="M6 16V11a6 6 0 1 1 12 0v5l1.5 2h-15L6 16Z M10 20a2 2 0 0 0 4 0"
        stroke="currentColor"
        strokeWidth="1.6"
        strokeLinejoin="round"
      />
    </svg>
  );
}
