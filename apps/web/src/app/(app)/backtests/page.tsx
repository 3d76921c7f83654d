import type { Metadata } from 'next';
import { requireSession } from '~/server/auth/require-session';
import { HydrateClient } from '~/trpc/server';
import { BacktestsView } from './backtests-view';

export const metadata: Metadata = { title: 'Backtests' };

export default async function BacktestsPage() {
  await requireSession();
  return (
    <main className="mx-auto w-full max-w-[1400px] px-4 py-8 sm:px-6 sm:py-10">
      <div className="mb-6">
        <h1 className="text-2xl font-semibold text-fg-strong">Backtests</h1>
        <p className="mt-1 text-sm text-muted">
          Run an entry and exit rule over past bars: trades on the chart, the equity curve against
          buy-and-hold, and the metrics. Runs are saved and can be compared.
        </p>
      </div>
      <HydrateClient>
        <BacktestsView />
      </HydrateClient>
    </main>
  );
}
