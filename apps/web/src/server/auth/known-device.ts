// "Device cookies" (OWASP's answer to account lockout): after a successful sign-in the browser
// gets a long-lived httpOnly cookie naming the account and a random device id, encrypted and
// authenticated with AUTH_SECRET by next-auth's own JWT functions (a distinct salt keeps it from
// ever being mistaken for a session token). On a later password attempt for that same account,
// the device is "known": failures made elsewhere cannot block it (see ./login-limiter.ts).
import { randomBytes } from 'node:crypto';
import { decode, encode } from 'next-auth/jwt';
import { z } from 'zod';

export const KNOWN_DEVICE_COOKIE = 'coinview.known-device';
const SALT = 'coinview.known-device';
export const KNOWN_DEVICE_MAX_AGE_SECONDS = 365 * 24 * 60 * 60;

export interface KnownDevice {
  userId: string;
  deviceId: string;
}

const payloadSchema = z.object({ sub: z.string().min(1), did: z.string().min(1) });

/** A cookie value for `userId` on a device; `deviceId` is kept when the device already has one. */
export function issueKnownDevice(secret: string, userId: string, deviceId?: string) {
  return encode({
    secret,
    salt: SALT,
    maxAge: KNOWN_DEVICE_MAX_AGE_SECONDS,
    token: { sub: userId, did: deviceId ?? randomBytes(16).toString('base64url') },
  });
}

/** The device named by a cookie value, or null when it is absent, forged, or expired. */
export async function readKnownDevice(
  secret: string,
  value: string | undefined,
): Promise<KnownDevice | null> {
  if (!value || value.length > 4096) return null;
  try {
    const parsed = payloadSchema.safeParse(await decode({ secret, salt: SALT, token: value }));
    return parsed.success ? { userId: parsed.data.sub, deviceId: parsed.data.did } : null;
  } catch {
    return null;
  }
}
