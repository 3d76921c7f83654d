import type { Metadata } from 'next';
import { headers } from 'next/headers';
import Link from 'next/link';
import { canReadMailbox } from '~/server/mailbox-access';

export const metadata: Metadata = { title: 'Check your email' };

export default async function CheckEmailPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { email } = await searchParams;
  const to = typeof email === 'string' ? email : null;
  return (
    <div className="flex flex-col gap-5">
      <div
        className="flex h-12 w-12 items-center justify-center rounded-full border border-line-strong bg-raised text-2xl"
        aria-hidden="true"
      >
        ✉
      </div>
      <div>
        <h1 className="text-2xl font-semibold text-fg-strong">Check your email</h1>
        <p className="mt-2 text-sm leading-6 text-muted">
          We sent a sign-in link to{' '}
          {to ? <strong className="text-fg">{to}</strong> : 'your address'}. It works once and
          expires in 30 minutes.
        </p>
      </div>
      {canReadMailbox(await headers()) ? (
        <p className="rounded-md border border-line bg-panel px-3 py-2.5 text-sm text-muted">
          This server keeps mail locally: open the{' '}
          <Link href="/dev/mailbox" className="font-medium text-accent hover:underline">
            local mailbox
          </Link>
          .
        </p>
      ) : null}
      <Link href="/login" className="text-sm text-accent hover:underline">
        ← Back to sign in
      </Link>
    </div>
  );
}
