import type { ReactNode } from 'react';
import { AppHeader } from '~/components/app-header';
import { requireSession } from '~/server/auth/require-session';
import { api } from '~/trpc/server';

/** Every page under (app) requires a signed-in user. */
export default async function AppLayout({ children }: { children: ReactNode }) {
  const session = await requireSession();
  // The display name may have changed since the session token was issued.
  const settings = await api.settings.get().catch(() => null);
  const name = settings?.displayName || session.user.name || session.user.email || 'Account';

  return (
    <div className="flex min-h-dvh flex-col">
      {/* The first Tab stop: past the header and its links straight to the page (WCAG 2.4.1). */}
      <a
        href="#content"
        className="skip-link fixed left-3 top-2 z-50 rounded-md bg-accent-fill px-3 py-2 text-sm font-medium text-white shadow-2xl"
      >
        Skip to content
      </a>
      <AppHeader userName={name} />
      <div id="content" tabIndex={-1} className="flex min-h-0 flex-1 flex-col outline-none">
        {children}
      </div>
    </div>
  );
}
