// next-auth's configuration, built from already-resolved dependencies (the database URL is only
// known at run time, see ./index.ts).
import { PrismaAdapter } from '@auth/prisma-adapter';
import type { Db } from '@coinview/db/client';
import type { NextAuthConfig } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import type { EmailConfig } from 'next-auth/providers/email';
import type { Logger } from 'pino';
import { authorizeCredentials, retryAfterMinutes } from './authorize-credentials';
import { clientIp } from './client-ip';
import { consumeMagicLink, type LoginLimiter } from './login-limiter';
import { sendMagicLink, type MagicLinkDelivery } from './magic-link';
import { TooManyAttempts, WrongCredentials } from './sign-in-errors';

export interface AuthDeps {
  db: Db;
  limiter: LoginLimiter;
  secret: string;
  emailFrom: string;
  resend?: MagicLinkDelivery['resend'];
  log: Logger;
}

/** Magic links are short-lived: they grant a session to whoever holds the email. */
const MAGIC_LINK_MAX_AGE_SECONDS = 30 * 60;

export function createAuthConfig(deps: AuthDeps): NextAuthConfig {
  const { db, limiter, log } = deps;

  const emailLink: EmailConfig = {
    id: 'email',
    type: 'email',
    name: 'Email',
    from: deps.emailFrom,
    maxAge: MAGIC_LINK_MAX_AGE_SECONDS,
    options: {},
    async sendVerificationRequest({ identifier, url, token, expires }) {
      // Also enforced here, not only in the form's action: next-auth's own endpoint can be
      // called directly.
      await consumeMagicLink(limiter, identifier);
      await sendMagicLink(
        { db, from: deps.emailFrom, resend: deps.resend, log },
        { identifier, url, token, expires },
      );
    },
  };

  return {
    secret: deps.secret,
    // Self-hosted behind whatever host name the operator chose; AUTH_URL pins it when set.
    trustHost: true,
    // The Credentials provider only works with JWT sessions; the adapter still stores users and
    // magic-link verification tokens.
    session: { strategy: 'jwt', maxAge: 30 * 24 * 60 * 60 },
    // @auth/prisma-adapter is typed against @prisma/client; our generated client has the same
    // model delegates.
    adapter: PrismaAdapter(db),
    pages: { signIn: '/login', verifyRequest: '/login/check-email', error: '/login' },
    providers: [
      Credentials({
        id: 'credentials',
        name: 'Email and password',
        credentials: { email: { type: 'email' }, password: { type: 'password' } },
        async authorize(credentials, request) {
          const result = await authorizeCredentials(
            db,
            limiter,
            credentials,
            clientIp(request.headers),
          );
          if (result.ok) return result.user;
          if (result.reason === 'rate_limited')
            throw new TooManyAttempts(retryAfterMinutes(result.retryAfterMs));
          throw new WrongCredentials();
        },
      }),
      emailLink,
    ],
    callbacks: {
      jwt({ token, user }) {
        // `user` is present only on sign-in; afterwards the id travels in the token's `sub`.
        if (user?.id) token.sub = user.id;
        return token;
      },
      session({ session, token }) {
        if (token.sub) session.user.id = token.sub;
        return session;
      },
    },
    logger: {
      error(error) {
        // A wrong password is an expected outcome, not a server error.
        const { type, code } = error as { type?: string; code?: string };
        if (type === 'CredentialsSignin') log.info({ code }, 'sign-in refused');
        else log.error({ err: error }, 'auth error');
      },
      warn(code) {
        log.warn({ code }, 'auth warning');
      },
      debug(message, metadata) {
        log.debug({ metadata }, message);
      },
    },
  };
}
