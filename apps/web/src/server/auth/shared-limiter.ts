// The process's one set of sign-in and sign-up limits (over the shared pg pool), used by
// next-auth's callbacks and by the auth router. Kept apart from ./index.ts so that tRPC routers
// can use it without loading next-auth.
import { env } from '~/env';
import { getPgPool } from '~/server/db';
import { createLoginLimiter, DEFAULT_LOGIN_LIMITS, type LoginLimiter } from './login-limiter';

let limiterPromise: Promise<LoginLimiter> | undefined;

export function getLoginLimiter(): Promise<LoginLimiter> {
  limiterPromise ??= getPgPool()
    .then((pool) =>
      createLoginLimiter(pool, {
        ...DEFAULT_LOGIN_LIMITS,
        registrationsPerHour: env.SIGNUP_LIMIT_PER_HOUR,
        registrationsPerDay: env.SIGNUP_LIMIT_PER_DAY,
      }),
    )
    .catch((err: unknown) => {
      limiterPromise = undefined;
      throw err;
    });
  return limiterPromise;
}
