// Where the alert-email confirmation link lands. It needs no session: holding the link is the
// proof that one owns the address (the token is single-use and expires in 24 hours).
import { verifyAlertEmail } from '@coinview/db/notification-settings';
import type { Metadata } from 'next';
import Link from 'next/link';
import { Logo } from '~/components/logo';
import { getDatabase } from '~/server/db';

export const metadata: Metadata = { title: 'Confirm alert email', robots: { index: false } };
export const dynamic = 'force-dynamic';

const FAILURES = {
  invalid: 'This link is not valid or was already used.',
  expired: 'This link has expired.',
  changed: 'The alert email was changed after this link was sent.',
} as const;

export default async function VerifyAlertEmailPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { token } = await searchParams;
  const result =
    typeof token === 'string'
      ? await verifyAlertEmail(await getDatabase(), token)
      : ({ ok: false, reason: 'invalid' } as const);

  return (
    <main className="flex min-h-dvh items-center justify-center px-4">
      <div className="w-full max-w-md rounded-lg border border-line bg-panel p-6 sm:p-8">
        <Logo className="text-[15px]" />
        {result.ok ? (
          <div className="mt-6" data-testid="verify-result" data-ok="true">
            <div
              aria-hidden="true"
              className="flex h-11 w-11 items-center justify-center rounded-full bg-up/15 text-xl text-up"
            >
              ✓
            </div>
            <h1 className="mt-4 text-xl font-semibold text-fg-strong">Alert email confirmed</h1>
            <p className="mt-2 text-sm leading-6 text-muted">
              Alerts will be emailed to <strong className="text-fg">{result.email}</strong>.
            </p>
          </div>
        ) : (
          <div className="mt-6" data-testid="verify-result" data-ok="false">
            <div
              aria-hidden="true"
              className="flex h-11 w-11 items-center justify-center rounded-full bg-down/15 text-xl text-down"
            >
              !
            </div>
            <h1 className="mt-4 text-xl font-semibold text-fg-strong">
              Could not confirm the email
            </h1>
            <p className="mt-2 text-sm leading-6 text-muted">
              {FAILURES[result.reason]} Send a new link from Settings → Notifications.
            </p>
          </div>
        )}
        <Link
          href="/settings#notifications"
          className="mt-6 inline-block text-sm font-medium text-accent hover:underline"
        >
          Go to notification settings →
        </Link>
      </div>
    </main>
  );
}
