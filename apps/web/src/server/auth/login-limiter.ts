// Failed sign-ins are counted per account and per client IP in Postgres (table "RateLimit"), so
// limits hold across restarts and across several web instances.
import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import { RateLimiterPostgres, type RateLimiterAbstract } from 'rate-limiter-flexible';

export interface LoginLimiter {
  account: RateLimiterAbstract;
  ip: RateLimiterAbstract;
}

export interface LoginLimits {
  /** Failed attempts allowed per account within `windowSeconds`. */
  perAccount: number;
  /** Failed attempts allowed per IP within `windowSeconds`. */
  perIp: number;
  windowSeconds: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = {
  perAccount: 5,
  perIp: 20,
  windowSeconds: 15 * 60,
};

export function createLoginLimiter(
  pool: Pool,
  limits: LoginLimits = DEFAULT_LOGIN_LIMITS,
): LoginLimiter {
  const common = {
    storeClient: pool,
    storeType: 'pool',
    tableName: 'RateLimit',
    // The table belongs to the Prisma schema and its migrations; the library must not create it.
    tableCreated: true,
    duration: limits.windowSeconds,
  } as const;
  return {
    account: new RateLimiterPostgres({
      ...common,
      keyPrefix: 'login-account',
      points: limits.perAccount,
    }),
    ip: new RateLimiterPostgres({ ...common, keyPrefix: 'login-ip', points: limits.perIp }),
  };
}

/**
 * Keys are hashed: an email can be 254 characters and a forwarded-for header anything, while the
 * key column is varchar(255) and should not hold addresses in clear text.
 */
export function limiterKey(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
