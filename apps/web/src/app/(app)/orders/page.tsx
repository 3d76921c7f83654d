import type { Metadata } from 'next';
import { requireSession } from '~/server/auth/require-session';
import { HydrateClient } from '~/trpc/server';
import { OrdersView } from './orders-view';

export const metadata: Metadata = { title: 'Orders' };

export default async function OrdersPage() {
  await requireSession();
  return (
    <main className="mx-auto w-full max-w-7xl px-4 py-8 sm:px-6 sm:py-10">
      <HydrateClient>
        <OrdersView />
      </HydrateClient>
    </main>
  );
}
