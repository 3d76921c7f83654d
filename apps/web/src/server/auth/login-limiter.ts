// Failed sign-ins are counted per account and per client IP, and sign-in links per recipient
// address, in Postgres (table "RateLimit"), so limits hold across restarts and across several
// web instances.
import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import { RateLimiterPostgres, type RateLimiterAbstract } from 'rate-limiter-flexible';

export interface LoginLimiter {
  account: RateLimiterAbstract;
  ip: RateLimiterAbstract;
  /** Sign-in links sent to one address: nobody can flood someone's inbox with them. */
  magicLink: RateLimiterAbstract;
}

export interface LoginLimits {
  /** Failed attempts allowed per account within `windowSeconds`. */
  perAccount: number;
  /** Failed attempts allowed per IP within `windowSeconds`. */
  perIp: number;
  /** Sign-in links per recipient address within `windowSeconds`. */
  linksPerAddress: number;
  windowSeconds: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = {
  perAccount: 5,
  perIp: 20,
  linksPerAddress: 5,
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
    magicLink: new RateLimiterPostgres({
      ...common,
      keyPrefix: 'magic-link-to',
      points: limits.linksPerAddress,
    }),
  };
}

/**
 * Keys are hashed: an email can be 254 characters and a forwarded-for header anything, while the
 * key column is varchar(255) and should not hold addresses in clear text.
 */
export function limiterKey(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** Thrown when an address has had its sign-in links for now. */
export class TooManyLinks extends Error {
  constructor(readonly retryAfterMs: number) {
    super('Too many sign-in links were requested for this address');
    this.name = 'TooManyLinks';
  }
}

/** Spends one of the address's sign-in links, or throws TooManyLinks. */
export async function consumeMagicLink(limiter: LoginLimiter, email: string): Promise<void> {
  try {
    await limiter.magicLink.consume(limiterKey(email.trim().toLowerCase()));
  } catch (rejection) {
    if (rejection instanceof Error) throw rejection; // the store failed: not a limit
    throw new TooManyLinks((rejection as { msBeforeNext: number }).msBeforeNext);
  }
}

/** How long until the address may get another link (0 when it may now). */
export async function magicLinkWait(limiter: LoginLimiter, email: string): Promise<number> {
  const res = await limiter.magicLink.get(limiterKey(email.trim().toLowerCase()));
  return res && res.consumedPoints >= limiter.magicLink.points ? res.msBeforeNext : 0;
}
