// The app's next-auth instance. NextAuth's lazy form builds the configuration on first use, after
// the database URL (possibly an embedded Postgres) is resolved: nothing touches Postgres at import
// or build time.
import NextAuth, { type NextAuthConfig } from 'next-auth';
import { cookies } from 'next/headers';
import { emailFrom, env, magicLinksAvailable, resolveAuthSecret } from '~/env';
import { getDatabase } from '~/server/db';
import { logger } from '~/server/logger';
import { createAuthConfig } from './config';
import { KNOWN_DEVICE_COOKIE } from './known-device';
import { getLoginLimiter } from './shared-limiter';

const log = logger.child({ component: 'auth' });
let configPromise: Promise<NextAuthConfig> | undefined;

function loadConfig(): Promise<NextAuthConfig> {
  configPromise ??= (async () => {
    const { secret, fallback } = resolveAuthSecret();
    if (fallback) log.warn('AUTH_SECRET is not set: using an insecure development secret');
    const [db, limiter] = await Promise.all([getDatabase(), getLoginLimiter()]);
    return createAuthConfig({
      db,
      limiter,
      secret,
      emailFrom,
      resend: env.RESEND_API_KEY
        ? { apiKey: env.RESEND_API_KEY, baseUrl: env.RESEND_BASE_URL }
        : undefined,
      magicLinks: magicLinksAvailable,
      log,
      // Sign-ins run in server actions and route handlers, where Next's cookie store is writable.
      deviceCookie: {
        read: async () => (await cookies()).get(KNOWN_DEVICE_COOKIE)?.value,
        write: async (value, maxAgeSeconds) => {
          (await cookies()).set(KNOWN_DEVICE_COOKIE, value, {
            httpOnly: true,
            sameSite: 'lax',
            path: '/',
            maxAge: maxAgeSeconds,
            secure: (env.AUTH_URL ?? '').startsWith('https:'),
          });
        },
      },
    });
  })().catch((err: unknown) => {
    configPromise = undefined;
    throw err;
  });
  return configPromise;
}

export const { auth, handlers, signIn, signOut } = NextAuth(loadConfig);
