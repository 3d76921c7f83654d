// Email + password sign-in, kept free of next-auth so it can be tested against a real database.
import { credentialsSchema } from '@coinview/core/settings';
import type { Db } from '@coinview/db/client';
import { findUserByEmail } from '@coinview/db/users';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { z } from 'zod';
import type { KnownDevice } from './known-device';
import { exhausted, limiterKey, type LoginLimiter } from './login-limiter';
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

/** Who is asking: the trusted client address, and the device cookie's content if it has one. */
export interface SignInClient {
  ip: string;
  device?: KnownDevice | null;
}

export async function authorizeCredentials(
  db: Db,
  limiter: LoginLimiter,
  input: { email?: unknown; password?: unknown },
  client: SignInClient,
): Promise<CredentialsResult> {
  // Forgive stray spaces around the address (core's email schema validates before trimming).
  const trimmedEmail = typeof input.email === 'string' ? input.email.trim() : input.email;
  const parsed = signInSchema.safeParse({ email: trimmedEmail, password: input.password });
  if (!parsed.success) return { ok: false, reason: 'invalid' };
  const { email, password } = parsed.data;
  const ip = client.ip || 'unknown';

  const user = await findUserByEmail(db, email);
  // A device cookie counts only for the account it was issued to.
  const device = user && client.device?.userId === user.id ? client.device : null;

  // The budgets this attempt spends. A known device answers only for its own failures; anyone
  // else answers per (account, address), per address and, more loosely, per account.
  const budgets: Array<[RateLimiterAbstract, string]> = device
    ? [[limiter.device, limiterKey(device.deviceId)]]
    : [
        [limiter.accountAndIp, limiterKey(email, ip)],
        [limiter.ip, limiterKey(ip)],
        [limiter.account, limiterKey(email)],
      ];

  // A spent budget refuses even the right password: that is what stops guessing.
  const states = await Promise.all(budgets.map(([l, key]) => l.get(key)));
  const waits = states
    .map((res, i) => exhausted(res, budgets[i]![0]))
    .filter((ms): ms is number => ms !== null);
  if (waits.length > 0)
    return { ok: false, reason: 'rate_limited', retryAfterMs: Math.max(...waits) };

  const valid = user?.passwordHash
    ? await verifyPassword(user.passwordHash, password)
    : await verifyAgainstDummy(password);

  if (user && valid) {
    // The consecutive-failure budgets start again; the account-wide and per-address ones run out
    // their window, so the owner's success cannot wipe a distributed attacker's count.
    await (device
      ? limiter.device.delete(limiterKey(device.deviceId))
      : limiter.accountAndIp.delete(limiterKey(email, ip)));
    return { ok: true, user: { id: user.id, email: user.email, name: user.name } };
  }
  // penalty() records the failure without rejecting once the budget is spent (consume() would).
  await Promise.all(budgets.map(([l, key]) => l.penalty(key, 1)));
  return { ok: false, reason: 'invalid' };
}

/** Whole minutes, rounded up, for "try again in N minutes". */
export function retryAfterMinutes(ms: number): number {
  return Math.max(1, Math.ceil(ms / 60_000));
}
