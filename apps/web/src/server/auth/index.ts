// The app's next-auth instance. NextAuth's lazy form builds the configuration on first use, after
// the database URL (possibly an embedded Postgres) is resolved: nothing touches Postgres at import
// or build time.
import NextAuth, { type NextAuthConfig } from 'next-auth';
import { emailFrom, env, resolveAuthSecret } from '~/env';
import { getDatabase, getPgPool } from '~/server/db';
import { logger } from '~/server/logger';
import { createAuthConfig } from './config';
import { createLoginLimiter, type LoginLimiter } from './login-limiter';

const log = logger.child({ component: 'auth' });
let configPromise: Promise<NextAuthConfig> | undefined;
let limiterPromise: Promise<LoginLimiter> | undefined;

/** The sign-in limits shared by next-auth's callbacks and the sign-in forms' actions. */
export function getLoginLimiter(): Promise<LoginLimiter> {
  limiterPromise ??= getPgPool()
    .then(createLoginLimiter)
    .catch((err: unknown) => {
      limiterPromise = undefined;
      throw err;
    });
  return limiterPromise;
}

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
      log,
    });
  })().catch((err: unknown) => {
    configPromise = undefined;
    throw err;
  });
  return configPromise;
}

export const { auth, handlers, signIn, signOut } = NextAuth(loadConfig);
