import type { ReactNode } from 'react';
import { safeTimeZone } from '@coinview/core/time-zone';
import { AppHeader } from '~/components/app-header';
import { SkipLinks } from '~/components/skip-links';
import { CONTENT_ID } from '~/components/skip-targets';
import { TimeZoneProvider } from '~/components/time-zone';
import { requireSession } from '~/server/auth/require-session';
import { api } from '~/trpc/server';

/** Every page under (app) requires a signed-in user. */
export default async function AppLayout({ children }: { children: ReactNode }) {
  const session = await requireSession();
  // The display name may have changed since the session token was issued.
  const settings = await api.settings.get().catch(() => null);
  const name = settings?.displayName || session.user.name || session.user.email || 'Account';

  return (
    <TimeZoneProvider
      timeZone={safeTimeZone(settings?.timeZone)}
      chosen={settings === null || settings.timeZone !== null}
    >
      <div className="flex min-h-dvh flex-col">
        <SkipLinks />
        <AppHeader userName={name} />
        <div id={CONTENT_ID} tabIndex={-1} className="flex min-h-0 flex-1 flex-col outline-none">
          {children}
        </div>
      </div>
    </TimeZoneProvider>
  );
}
