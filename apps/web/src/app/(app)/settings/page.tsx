import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { requireSession } from '~/server/auth/require-session';
import { getQueryClient, HydrateClient, trpc } from '~/trpc/server';
import { canReadMailbox } from '~/server/mailbox-access';
import { DeleteAccountSection } from './delete-account-section';
import { ExchangeKeysSection } from './exchange-keys-section';
import { NotificationsSection } from './notifications-section';
import { PasswordSection } from './password-section';
import { SessionsSection } from './sessions-section';
import { SettingsForm } from './settings-form';
import { TelegramSection } from './telegram-section';
import { TimeZoneSection } from './time-zone-section';
import { TradingSection } from './trading-section';

export const metadata: Metadata = { title: 'Settings' };

export default async function SettingsPage() {
  await requireSession();
  // Awaited (it is one small row) so server and client render the same filled-in form: a
  // still-pending prefetch would render the skeleton on the server and the form on the client.
  await Promise.all([
    getQueryClient().prefetchQuery(trpc.settings.get.queryOptions()),
    getQueryClient().prefetchQuery(trpc.notificationSettings.get.queryOptions()),
    getQueryClient().prefetchQuery(trpc.account.get.queryOptions()),
    getQueryClient().prefetchQuery(trpc.trading.settings.queryOptions()),
  ]);
  return (
    <main className="mx-auto w-full max-w-2xl px-4 py-8 sm:px-6 sm:py-12">
      <h1 className="text-2xl font-semibold text-fg-strong">Settings</h1>
      <p className="mt-1 text-sm text-muted">
        How Coinview addresses you, the time zone it shows times in, where alerts are sent, how
        alerts may trade, your exchange keys, and your account.
      </p>
      <HydrateClient>
        <SettingsForm />
        <TimeZoneSection />
        <NotificationsSection mailboxEnabled={canReadMailbox(await headers())} />
        <TelegramSection />
        <TradingSection />
        <ExchangeKeysSection />
        <PasswordSection />
        <SessionsSection />
        <DeleteAccountSection />
      </HydrateClient>
    </main>
  );
}
