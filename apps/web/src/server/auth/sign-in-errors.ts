// What a failed sign-in looks like to the visitor. next-auth carries only an error `code` from
// `authorize` to the sign-in form; these classes set it and `signInErrorMessage` reads it back.
import { CredentialsSignin } from 'next-auth';

export class WrongCredentials extends CredentialsSignin {
  override code = 'invalid';
}

export class TooManyAttempts extends CredentialsSignin {
  constructor(minutes: number) {
    super();
    this.code = `rate_limited:${minutes}`;
  }
}

const plural = (minutes: number) => `${minutes} minute${minutes === 1 ? '' : 's'}`;

export function signInErrorMessage(code: string | undefined): string {
  const limited = /^rate_limited:(\d+)$/.exec(code ?? '');
  if (limited) return `Too many attempts, try again in ${plural(Number(limited[1]))}.`;
  return 'Wrong email or password.';
}

/** The `error` value /login receives when an address has had its sign-in links for now. */
export const LINK_LIMIT_ERROR = 'TooManyLinks';

/** Where next-auth sends a visitor whose address has had its sign-in links (signIn callback). */
export function linkLimitRedirect(minutes: number): string {
  return `/login?${new URLSearchParams({ error: LINK_LIMIT_ERROR, retryAfter: String(minutes) })}`;
}

export function linkLimitMessage(minutes: number | null): string {
  const when = minutes ? `in ${plural(minutes)}` : 'later';
  return `Too many sign-in links were sent to this address. Try again ${when}, or sign in with your password.`;
}

/**
 * Messages for the `error` query parameter next-auth puts on /login after a failed redirect flow.
 * `retryAfter` comes from the URL, so anyone can write it: only a small whole number is shown.
 */
export function authPageErrorMessage(
  error: string | undefined,
  retryAfter?: string,
): string | null {
  switch (error) {
    case undefined:
    case '':
      return null;
    case LINK_LIMIT_ERROR: {
      const minutes = /^\d{1,2}$/.test(retryAfter ?? '') ? Number(retryAfter) : 0;
      return linkLimitMessage(minutes >= 1 && minutes <= 60 ? minutes : null);
    }
    case 'Verification':
      return 'That sign-in link has expired or was already used. Request a new one.';
    case 'CredentialsSignin':
      return 'Wrong email or password.';
    case 'AccessDenied':
      return 'Access denied.';
    default:
      return 'Sign-in failed. Please try again.';
  }
}
