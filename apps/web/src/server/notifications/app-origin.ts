// The origin links in emails point at: AUTH_URL when the operator pinned it, otherwise the host
// the request came to (as next-auth does with trustHost).
export function appOrigin(headers: Headers, pinned: string | undefined): string {
  if (pinned) return new URL(pinned).origin;
  const host = headers.get('x-forwarded-host') ?? headers.get('host');
  if (!host) return 'http://localhost:3000';
  const proto = headers.get('x-forwarded-proto')?.split(',')[0]?.trim() ?? 'http';
  return `${proto === 'https' ? 'https' : 'http'}://${host.split(',')[0]!.trim()}`;
}
