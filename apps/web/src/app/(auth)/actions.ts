'use server';
// Form actions for the sign-in screens. They validate, hand over to next-auth, and turn its
// errors into messages shown in place; on success next-auth's redirect propagates.
import { credentialsSchema } from '@coinview/core/settings';
import { AuthError } from 'next-auth';
import { redirect } from 'next/navigation';
import { magicLinksAvailable } from '~/env';
import { signIn } from '~/server/auth';
import { authPageErrorMessage, signInErrorMessage } from '~/server/auth/sign-in-errors';
import { safeCallbackUrl } from './callback-url';

export interface SignInState {
  email?: string;
  error?: string;
  fieldErrors?: { email?: string; password?: string };
}

function text(formData: FormData, key: string): string {
  const value = formData.get(key);
  return typeof value === 'string' ? value : '';
}

function emailError(email: string): string | undefined {
  const parsed = credentialsSchema.shape.email.safeParse(email);
  return parsed.success
    ? undefined
    : (parsed.error.issues[0]?.message ?? 'Enter a valid email address');
}

export async function signInWithPassword(
  _prev: SignInState,
  formData: FormData,
): Promise<SignInState> {
  const email = text(formData, 'email').trim();
  const password = text(formData, 'password');
  const fieldErrors = {
    email: emailError(email),
    password: password ? undefined : 'Enter your password',
  };
  if (fieldErrors.email || fieldErrors.password) return { email, fieldErrors };

  try {
    await signIn('credentials', {
      email,
      password,
      redirectTo: safeCallbackUrl(text(formData, 'callbackUrl')),
    });
  } catch (err) {
    if (err instanceof AuthError) {
      const code =
        err.type === 'CredentialsSignin' ? (err as AuthError & { code?: string }).code : undefined;
      return {
        email,
        error:
          err.type === 'CredentialsSignin'
            ? signInErrorMessage(code)
            : 'Sign-in failed. Please try again.',
      };
    }
    throw err; // next-auth's success redirect
  }
  return { email };
}

const MAGIC_LINKS_UNAVAILABLE =
  'Sign-in links are unavailable on this server: no email provider is configured. Sign in with your password.';

export async function requestMagicLink(
  _prev: SignInState,
  formData: FormData,
): Promise<SignInState> {
  const email = text(formData, 'email').trim().toLowerCase();
  if (!magicLinksAvailable) return { email, error: MAGIC_LINKS_UNAVAILABLE };
  const error = emailError(email);
  if (error) return { email, fieldErrors: { email: error } };
  let next: string;
  try {
    // Without a redirect, next-auth answers with where it would send the browser: /login with an
    // `error` when it refused (the link limit, see the signIn callback), else the check-email page.
    // next-auth types the answer as any; with redirect: false it is the URL as a string.
    const answer: unknown = await signIn('email', {
      email,
      redirect: false,
      redirectTo: safeCallbackUrl(text(formData, 'callbackUrl')),
    });
    next = typeof answer === 'string' ? answer : '/login/check-email';
  } catch (err) {
    if (err instanceof AuthError)
      return { email, error: 'Could not send the sign-in link. Please try again.' };
    throw err;
  }
  const params = new URL(next, 'http://localhost').searchParams;
  const refusal = authPageErrorMessage(
    params.get('error') ?? undefined,
    params.get('retryAfter') ?? undefined,
  );
  if (refusal) return { email, error: refusal };
  redirect(`/login/check-email?${new URLSearchParams({ email })}`);
}
