// The local mailbox: every email this server "sent" while no RESEND_API_KEY is configured. It is
// how magic links reach you offline, and anyone who can open it can use the links in it: it is
// served only to this machine (~/server/mailbox-access), to everyone else it does not exist.
import { listMailbox } from '@coinview/db/outbox';
import type { Metadata } from 'next';
import Link from 'next/link';
import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { Logo } from '~/components/logo';
import { getDatabase } from '~/server/db';
import { canReadMailbox } from '~/server/mailbox-access';
import { LinkifiedText } from './linkified-text';

export const metadata: Metadata = { title: 'Local mailbox', robots: { index: false } };
export const dynamic = 'force-dynamic';

const timeFormat = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'medium',
  timeStyle: 'medium',
  timeZone: 'UTC',
});

export default async function MailboxPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  if (!canReadMailbox(await headers())) notFound();
  const { to } = await searchParams;
  const recipient = typeof to === 'string' && to.trim() ? to.trim().toLowerCase() : undefined;
  const emails = await listMailbox(await getDatabase(), { limit: 50, to: recipient });

  return (
    <div className="min-h-dvh">
      <header className="border-b border-line bg-panel">
        <div className="mx-auto flex h-12 max-w-4xl items-center gap-3 px-4">
          <Link href="/" aria-label="Coinview home">
            <Logo className="text-[15px]" />
          </Link>
          <span className="text-line-strong">/</span>
          <span className="text-sm text-muted">Local mailbox</span>
        </div>
      </header>
      <main className="mx-auto max-w-4xl px-4 py-8">
        <div className="flex flex-col gap-4 sm:flex-row sm:items-end sm:justify-between">
          <div>
            <h1 className="text-2xl font-semibold text-fg-strong">Local mailbox</h1>
            <p className="mt-1 max-w-xl text-sm text-muted">
              Emails this server would send, newest first. No email provider is configured, so they
              are kept here instead of being delivered.
            </p>
          </div>
          <form className="flex gap-2" role="search">
            <input
              name="to"
              type="email"
              defaultValue={recipient}
              placeholder="Filter by recipient"
              aria-label="Filter by recipient"
              className="h-9 w-full min-w-0 rounded-md border border-line-strong bg-canvas px-3 text-sm text-fg-strong placeholder:text-faint focus:border-accent focus:outline-none sm:w-56"
            />
            <button
              type="submit"
              className="h-9 shrink-0 rounded-md border border-line-strong bg-raised px-3 text-sm text-fg hover:text-fg-strong"
            >
              {recipient ? 'Filter' : 'Refresh'}
            </button>
          </form>
        </div>

        {emails.length === 0 ? (
          <div className="mt-10 rounded-lg border border-dashed border-line-strong px-6 py-14 text-center">
            <p className="text-sm text-fg">
              {recipient ? `No messages to ${recipient}.` : 'The mailbox is empty.'}
            </p>
            <p className="mt-1 text-sm text-muted">
              Request a sign-in link on the{' '}
              <Link href="/login" className="text-accent underline">
                sign-in page
              </Link>{' '}
              and it will appear here.
            </p>
          </div>
        ) : (
          <ol className="mt-8 flex flex-col gap-4">
            {emails.map((email) => (
              <li key={email.id}>
                <article
                  data-testid="mailbox-message"
                  className="overflow-hidden rounded-lg border border-line bg-panel"
                >
                  <header className="flex flex-col gap-1 border-b border-line px-4 py-3 sm:flex-row sm:items-baseline sm:justify-between sm:gap-4">
                    <div className="min-w-0">
                      <h2 className="truncate text-[15px] font-medium text-fg-strong">
                        {email.subject}
                      </h2>
                      <p className="mt-0.5 truncate text-xs text-muted">
                        To{' '}
                        <span data-testid="mailbox-to" className="text-fg">
                          {email.to}
                        </span>{' '}
                        · from {email.from}
                      </p>
                    </div>
                    <time
                      dateTime={new Date(email.createdAt).toISOString()}
                      className="shrink-0 font-mono text-xs text-faint"
                    >
                      {timeFormat.format(email.createdAt)} UTC
                    </time>
                  </header>
                  <div className="whitespace-pre-wrap break-words px-4 py-4 text-sm leading-6 text-fg">
                    <LinkifiedText text={email.text} />
                  </div>
                  <details className="border-t border-line px-4 py-2.5 text-xs text-muted">
                    <summary className="cursor-pointer select-none hover:text-fg">
                      HTML version
                    </summary>
                    {/* Sandboxed: no scripts, no navigation, no access to this page. */}
                    <iframe
                      title={`HTML version of “${email.subject}”`}
                      sandbox=""
                      srcDoc={email.html}
                      className="mt-2.5 h-[420px] w-full rounded border border-line bg-canvas"
                    />
                  </details>
                </article>
              </li>
            ))}
          </ol>
        )}
      </main>
    </div>
  );
}
