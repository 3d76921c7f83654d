import type { Metadata } from 'next';
import { requireSession } from '~/server/auth/require-session';
import { getQueryClient, HydrateClient, trpc } from '~/trpc/server';
import { AlertsView } from './alerts-view';

export const metadata: Metadata = { title: 'Alerts' };

export default async function AlertsPage() {
  await requireSession();
  // Awaited (one small query) so the list is in the first paint, not a skeleton.
  await getQueryClient().prefetchQuery(trpc.alerts.list.queryOptions());
  return (
    <main className="mx-auto w-full max-w-5xl px-4 py-8 sm:px-6 sm:py-10">
      <HydrateClient>
        <AlertsView />
      </HydrateClient>
    </main>
  );
}
