import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { FormAlert } from '~/components/form-alert';
import { magicLinksAvailable } from '~/env';
import { auth } from '~/server/auth';
import { authPageErrorMessage } from '~/server/auth/sign-in-errors';
import { safeCallbackUrl } from '../callback-url';
import { MagicLinkForm } from './magic-link-form';
import { PasswordForm } from './password-form';

export const metadata: Metadata = { title: 'Sign in' };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const one = (key: string) => (typeof params[key] === 'string' ? params[key] : undefined);
  const callbackUrl = safeCallbackUrl(one('callbackUrl'));
  const session = await auth();
  if (session?.user) redirect(callbackUrl);
  const pageError = authPageErrorMessage(one('error'), one('retryAfter'));

  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold text-fg-strong">Sign in</h1>
        <p className="mt-1 text-sm text-muted">Welcome back. Pick up where the market left off.</p>
      </div>
      {pageError ? <FormAlert>{pageError}</FormAlert> : null}
      <PasswordForm callbackUrl={callbackUrl} />
      <div className="flex items-center gap-3 text-xs uppercase tracking-wide text-faint">
        <span className="h-px flex-1 bg-line" />
        or
        <span className="h-px flex-1 bg-line" />
      </div>
      {magicLinksAvailable ? (
        <MagicLinkForm callbackUrl={callbackUrl} />
      ) : (
        <p data-testid="magic-links-unavailable" className="text-sm text-muted">
          Sign-in links are unavailable on this server (no email provider is configured): sign in
          with your password.
        </p>
      )}
      <p className="text-center text-sm text-muted">
        New to Coinview?{' '}
        <Link href="/register" className="font-medium text-accent hover:underline">
          Create an account
        </Link>
      </p>
    </div>
  );
}
