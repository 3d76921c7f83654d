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

export function signInErrorMessage(code: string | undefined): string {
  const limited = /^rate_limited:(\d+)$/.exec(code ?? '');
  if (limited) {
    const minutes = Number(limited[1]);
    return `Too many attempts, try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`;
  }
  return 'Wrong email or password.';
}

/** Messages for the `error` query parameter next-auth puts on /login after a failed redirect flow. */
export function authPageErrorMessage(error: string | undefined): string | null {
  switch (error) {
    case undefined:
    case '':
      return null;
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
