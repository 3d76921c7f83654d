import Link from 'next/link';
import { signOutAction } from '~/app/(app)/sign-out-action';
import { Logo } from './logo';
import { NavLinks } from './nav-links';
import { NotificationBell } from './notifications/notification-bell';

export function AppHeader({ userName }: { userName: string }) {
  return (
    <header className="sticky top-0 z-20 border-b border-line bg-panel/95 backdrop-blur">
      <div className="flex h-12 items-center gap-3 px-3 sm:gap-6 sm:px-4">
        <Link href="/chart" aria-label="Coinview home" className="shrink-0">
          {/* On phones the name gives way to the nav links and the bell. */}
          <Logo className="text-[15px] max-sm:[&>span]:hidden" />
        </Link>
        <NavLinks />
        <div className="ml-auto flex min-w-0 items-center gap-2 sm:gap-3">
          <NotificationBell />
          <span
            className="hidden max-w-[16ch] truncate text-sm text-muted sm:inline"
            title={userName}
            data-testid="user-name"
          >
            {userName}
          </span>
          <span
            aria-hidden="true"
            className="flex h-7 w-7 shrink-0 items-center justify-center rounded-full bg-raised text-xs font-semibold uppercase text-fg sm:hidden"
          >
            {userName.slice(0, 1)}
          </span>
          <form action={signOutAction}>
            <button
              type="submit"
              className="h-8 shrink-0 whitespace-nowrap rounded-md border border-line-strong px-2.5 text-xs font-medium text-muted transition-colors hover:border-faint hover:text-fg-strong"
            >
              Sign out
            </button>
          </form>
        </div>
      </div>
    </header>
  );
}
