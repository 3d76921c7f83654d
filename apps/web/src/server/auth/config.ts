// next-auth's configuration, built from already-resolved dependencies (the database URL is only
// known at run time, see ./index.ts).
import { PrismaAdapter } from '@auth/prisma-adapter';
import type { Db } from '@coinview/db/client';
import type { NextAuthConfig } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import type { EmailConfig } from 'next-auth/providers/email';
import type { Logger } from 'pino';
import { createSession, isSessionActive, revokeSession } from '@coinview/db/sessions';
import { authorizeCredentials, retryAfterMinutes } from './authorize-credentials';
import { clientIp } from './client-ip';
import { issueKnownDevice, KNOWN_DEVICE_MAX_AGE_SECONDS, readKnownDevice } from './known-device';
import { consumeMagicLink, TooManyLinks, type LoginLimiter } from './login-limiter';
import { sendMagicLink, type MagicLinkDelivery } from './magic-link';
import { linkLimitRedirect, TooManyAttempts, WrongCredentials } from './sign-in-errors';

export interface AuthDeps {
  db: Db;
  limiter: LoginLimiter;
  secret: string;
  emailFrom: string;
  resend?: MagicLinkDelivery['resend'];
  /**
   * Sign-in links can reach their owner (Resend, or a mailbox only this machine reads). When not,
   * the email provider does not exist: next-auth's own endpoint refuses links like the form does.
   */
  magicLinks: boolean;
  log: Logger;
  /**
   * The request's known-device cookie (./known-device.ts): read during a password sign-in, set
   * after any successful sign-in. Absent (tests, scripts): no device is ever known.
   */
  deviceCookie?: {
    read(): Promise<string | undefined>;
    write(value: string, maxAgeSeconds: number): Promise<void>;
  };
}

/** Magic links are short-lived: they grant a session to whoever holds the email. */
const MAGIC_LINK_MAX_AGE_SECONDS = 30 * 60;
/** A session lasts at most this long after sign-in (its server-side record expires then). */
export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

export function createAuthConfig(deps: AuthDeps): NextAuthConfig {
  const { db, limiter, log } = deps;

  const emailLink: EmailConfig = {
    id: 'email',
    type: 'email',
    name: 'Email',
    from: deps.emailFrom,
    maxAge: MAGIC_LINK_MAX_AGE_SECONDS,
    options: {},
    // The per-address link limit is spent in the signIn callback below, which can answer with
    // a redirect carrying the limit's own message (an error thrown here reaches the visitor as
    // next-auth's opaque "Configuration").
    async sendVerificationRequest({ identifier, url, token, expires }) {
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
    // Each token also names a server-side session row (see the jwt callback), so it can be revoked.
    session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_SECONDS },
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
          const device = await readKnownDevice(deps.secret, await deps.deviceCookie?.read());
          const result = await authorizeCredentials(db, limiter, credentials, {
            ip: clientIp(request.headers),
            device,
          });
          if (result.ok) return result.user;
          if (result.reason === 'rate_limited')
            throw new TooManyAttempts(retryAfterMinutes(result.retryAfterMs));
          throw new WrongCredentials();
        },
      }),
      ...(deps.magicLinks ? [emailLink] : []),
    ],
    callbacks: {
      async signIn({ user, email }) {
        // Asking for a sign-in link (next-auth's endpoint and the form's action both come here,
        // before any token is made): spend one of the address's links or send the visitor back
        // to /login with the wait.
        if (!email?.verificationRequest || !user.email) return true;
        try {
          await consumeMagicLink(limiter, user.email);
          return true;
        } catch (err) {
          if (err instanceof TooManyLinks)
            return linkLimitRedirect(retryAfterMinutes(err.retryAfterMs));
          throw err;
        }
      },
      async jwt({ token, user }) {
        // `user` is present only on sign-in: record the session and carry its id in the token.
        if (user?.id) {
          const session = await createSession(db, {
            userId: user.id,
            maxAgeSeconds: SESSION_MAX_AGE_SECONDS,
          });
          return { ...token, sub: user.id, sid: session.id };
        }
        // Afterwards, on every request: the session must still exist (one primary-key lookup,
        // uncached, so a revocation holds at once on every web instance). Null signs the token
        // out; tokens from before sessions were recorded carry no id and are refused too.
        if (!token.sub || typeof token.sid !== 'string') return null;
        return (await isSessionActive(db, token.sid, token.sub)) ? token : null;
      },
      session({ session, token }) {
        if (token.sub) session.user.id = token.sub;
        if (typeof token.sid === 'string') session.sessionId = token.sid;
        return session;
      },
    },
    events: {
      async signIn({ user }) {
        // This browser is now a known device for the account (kept if it already was one).
        if (!user.id || !deps.deviceCookie) return;
        const current = await readKnownDevice(deps.secret, await deps.deviceCookie.read());
        const value = await issueKnownDevice(
          deps.secret,
          user.id,
          current?.userId === user.id ? current.deviceId : undefined,
        );
        await deps.deviceCookie.write(value, KNOWN_DEVICE_MAX_AGE_SECONDS);
      },
      async signOut(message) {
        const token = 'token' in message ? message.token : null;
        if (typeof token?.sid === 'string') await revokeSession(db, token.sid);
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
