// The client address for per-IP limits. Behind a proxy the first x-forwarded-for hop is the
// client; `next start` sets the header itself when there is no proxy.
export function clientIp(headers: Headers): string {
  const forwarded = headers.get('x-forwarded-for')?.split(',')[0]?.trim();
  if (forwarded) return forwarded.slice(0, 100);
  return headers.get('x-real-ip')?.trim().slice(0, 100) || 'unknown';
}
