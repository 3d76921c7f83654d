// The sign-in and sign-up limits, in Postgres (table "RateLimit", rate-limiter-flexible's store),
// so they hold across restarts and across several web instances.
//
// Failed passwords follow OWASP's guidance and rate-limiter-flexible's "login endpoint
// protection" example: they are counted per (account, client address) and per address, so an
// attacker exhausts only their own budgets. An account-wide budget still slows guessing spread
// over many addresses, but applies to unknown devices only: a device that signed in to the
// account before (./known-device.ts) is never locked out by failures made elsewhere and has its
// own, smaller budget instead.
import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import { RateLimiterPostgres, type RateLimiterAbstract } from 'rate-limiter-flexible';

export interface LoginLimiter {
  /** Failures of one account from one client address. */
  accountAndIp: RateLimiterAbstract;
  /** Failures from one client address, over all accounts (password spraying). */
  ip: RateLimiterAbstract;
  /** Failures of one account from unknown devices, over all addresses. */
  account: RateLimiterAbstract;
  /** Failures on one known device. */
  device: RateLimiterAbstract;
  /** Sign-in links sent to one address: nobody can flood someone's inbox with them. */
  magicLink: RateLimiterAbstract;
  /** Accounts created from one client address, per hour and per day. */
  registerHourly: RateLimiterAbstract;
  registerDaily: RateLimiterAbstract;
}

export interface LoginLimits {
  /** Failed attempts allowed per (account, client address) within `windowSeconds`. */
  perAccountAndIp: number;
  /** Failed attempts allowed per client address within `windowSeconds`. */
  perIp: number;
  /** Failed attempts allowed per account from unknown devices within `windowSeconds`. */
  perAccount: number;
  /** Failed attempts allowed per known device within `windowSeconds`. */
  perDevice: number;
  /** Sign-in links per recipient address within `windowSeconds`. */
  linksPerAddress: number;
  windowSeconds: number;
  /** Accounts created per client address per hour, and per day. */
  registrationsPerHour: number;
  registrationsPerDay: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = {
  perAccountAndIp: 5,
  perIp: 20,
  perAccount: 30,
  perDevice: 10,
  linksPerAddress: 5,
  windowSeconds: 15 * 60,
  registrationsPerHour: 5,
  registrationsPerDay: 20,
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
  const limiter = (keyPrefix: string, points: number, duration = limits.windowSeconds) =>
    new RateLimiterPostgres({ ...common, keyPrefix, points, duration });
  return {
    accountAndIp: limiter('login-account-ip', limits.perAccountAndIp),
    ip: limiter('login-ip', limits.perIp),
    account: limiter('login-account', limits.perAccount),
    device: limiter('login-device', limits.perDevice),
    magicLink: limiter('magic-link-to', limits.linksPerAddress),
    registerHourly: limiter('register-ip-hour', limits.registrationsPerHour, 60 * 60),
    registerDaily: limiter('register-ip-day', limits.registrationsPerDay, 24 * 60 * 60),
  };
}

/**
 * Keys are hashed: an email can be 254 characters and a forwarded-for header anything, while the
 * key column is varchar(255) and should not hold addresses in clear text.
 */
export function limiterKey(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\n')).digest('hex');
}

/** The wait before `limiter` allows again, when `res` shows its budget spent; null otherwise. */
export function exhausted(
  res: { consumedPoints: number; msBeforeNext: number } | null,
  limiter: RateLimiterAbstract,
): number | null {
  if (!res || res.consumedPoints < limiter.points) return null;
  return Math.max(res.msBeforeNext, 1000);
}

/**
 * Spends one point of each limiter for its key; resolves to the longest wait (ms) when any budget
 * is already spent (nothing is spent then), or 0.
 */
export async function consumeAll(entries: Array<[RateLimiterAbstract, string]>): Promise<number> {
  const states = await Promise.all(entries.map(([l, key]) => l.get(key)));
  const waits = states
    .map((res, i) => exhausted(res, entries[i]![0]))
    .filter((ms): ms is number => ms !== null);
  if (waits.length > 0) return Math.max(...waits);
  const results = await Promise.allSettled(entries.map(([l, key]) => l.consume(key)));
  const refused: number[] = [];
  for (const result of results) {
    if (result.status === 'fulfilled') continue;
    // A store failure is an Error; a spent budget (lost race) is a RateLimiterRes.
    if (result.reason instanceof Error) throw result.reason;
    refused.push((result.reason as { msBeforeNext: number }).msBeforeNext);
  }
  return refused.length > 0 ? Math.max(...refused, 1000) : 0;
}

/** Thrown when an address has had its sign-in links for now. */
export class TooManyLinks extends Error {
  constructor(readonly retryAfterMs: number) {
    super('Too many sign-in links were requested for this address');
    this.name = 'TooManyLinks';
  }
}

const linkKey = (email: string) => limiterKey(email.trim().toLowerCase());

/** Spends one of the address's sign-in links, or throws TooManyLinks. */
export async function consumeMagicLink(limiter: LoginLimiter, email: string): Promise<void> {
  try {
    await limiter.magicLink.consume(linkKey(email));
  } catch (rejection) {
    if (rejection instanceof Error) throw rejection; // the store failed: not a limit
    throw new TooManyLinks((rejection as { msBeforeNext: number }).msBeforeNext);
  }
}

/** Spends one of the client address's registrations; the wait (ms) when none is left, else 0. */
export function consumeRegistration(limiter: LoginLimiter, ip: string): Promise<number> {
  const key = limiterKey(ip || 'unknown');
  return consumeAll([
    [limiter.registerHourly, key],
    [limiter.registerDaily, key],
  ]);
}
