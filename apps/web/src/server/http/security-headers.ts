// Security headers on every response of the web server: a Content-Security-Policy whose scripts
// need this request's nonce (Next reads the nonce from the request's own CSP header and puts it on
// its scripts), no framing by other sites, no MIME sniffing, a short Referer, no camera,
// microphone or location, and HSTS once the request came over https.
import { randomBytes } from 'node:crypto';

export interface SecurityHeaderOptions {
  nonce: string;
  /** The request came over https (directly or through a trusted proxy), or AUTH_URL is https. */
  https: boolean;
  /** `next dev`: React's dev build needs eval, and HMR a WebSocket. */
  dev: boolean;
}

export function createNonce(): string {
  return randomBytes(16).toString('base64');
}

export function contentSecurityPolicy({ nonce, https, dev }: SecurityHeaderOptions): string {
  const directives = [
    "default-src 'self'",
    // 'strict-dynamic': scripts the nonce'd ones load (Next's chunks) run; nothing else does.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    // Style attributes in server-rendered HTML (React's style={…}, the mailbox's email HTML)
    // cannot carry a nonce.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? ' ws: wss:' : ''}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ['upgrade-insecure-requests'] : []),
  ];
  return directives.join('; ');
}

export function securityHeaders(options: SecurityHeaderOptions): Record<string, string> {
  return {
    'content-security-policy': contentSecurityPolicy(options),
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'strict-origin-when-cross-origin',
    'permissions-policy':
      'camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), browsing-topics=()',
    'cross-origin-opener-policy': 'same-origin',
    ...(options.https
      ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' }
      : {}),
  };
}
