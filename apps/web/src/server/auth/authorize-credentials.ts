// Email + password sign-in, kept free of next-auth so it can be tested against a real database.
import { credentialsSchema } from '@coinview/core/settings';
import type { Db } from '@coinview/db/client';
import { findUserByEmail } from '@coinview/db/users';
import type { RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import { z } from 'zod';
import { limiterKey, type LoginLimiter } from './login-limiter';
import { verifyAgainstDummy, verifyPassword } from './password';

// Sign-in accepts any non-empty password: length rules belong to registration, and telling a
// visitor "too short" here would only help guessing.
const signInSchema = z.object({
  email: credentialsSchema.shape.email,
  password: z.string().min(1).max(200),
});

export interface SignedInUser {
  id: string;
  email: string;
  name: string | null;
}

export type CredentialsResult =
  | { ok: true; user: SignedInUser }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'rate_limited'; retryAfterMs: number };

function exhausted(res: RateLimiterRes | null, limiter: RateLimiterAbstract): number | null {
  if (!res || res.consumedPoints < limiter.points) return null;
  return Math.max(res.msBeforeNext, 1000);
}

export async function authorizeCredentials(
  db: Db,
  limiter: LoginLimiter,
  input: { email?: unknown; password?: unknown },
  ip: string,
): Promise<CredentialsResult> {
  // Forgive stray spaces around the address (core's email schema validates before trimming).
  const trimmedEmail = typeof input.email === 'string' ? input.email.trim() : input.email;
  const parsed = signInSchema.safeParse({ email: trimmedEmail, password: input.password });
  if (!parsed.success) return { ok: false, reason: 'invalid' };
  const { email, password } = parsed.data;
  const accountKey = limiterKey(email);
  const ipKey = limiterKey(ip || 'unknown');

  // A locked account stays locked even for the right password: that is what stops guessing.
  const [accountState, ipState] = await Promise.all([
    limiter.account.get(accountKey),
    limiter.ip.get(ipKey),
  ]);
  const waits = [exhausted(accountState, limiter.account), exhausted(ipState, limiter.ip)].filter(
    (ms): ms is number => ms !== null,
  );
  if (waits.length > 0)
    return { ok: false, reason: 'rate_limited', retryAfterMs: Math.max(...waits) };

  const user = await findUserByEmail(db, email);
  const valid = user?.passwordHash
    ? await verifyPassword(user.passwordHash, password)
    : await verifyAgainstDummy(password);

  if (user && valid) {
    await limiter.account.delete(accountKey);
    return { ok: true, user: { id: user.id, email: user.email, name: user.name } };
  }
  // penalty() records the failure without rejecting once the budget is spent (consume() would).
  await Promise.all([limiter.account.penalty(accountKey, 1), limiter.ip.penalty(ipKey, 1)]);
  return { ok: false, reason: 'invalid' };
}

/** Whole minutes, rounded up, for "try again in N minutes". */
export function retryAfterMinutes(ms: number): number {
  return Math.max(1, Math.ceil(ms / 60_000));
}
