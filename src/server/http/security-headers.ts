import type { FastifyHelmetOptions } from '@fastify/helmet';

/**
 * Headers on every response of the agent app and API (@fastify/helmet): a CSP that runs only our
 * own script files (no inline script, no eval), no framing by any site, no Referer sent out, and
 * HSTS when PUBLIC_URL is https. Inline styles stay allowed: an email's body is shown in a
 * sandboxed `srcdoc` frame that inherits this policy and keeps its own stricter one (EmailFrame.tsx),
 * and images may come from anywhere (avatars, remote images the agent chose to load).
 * `/widget.js` sets its own Cross-Origin-Resource-Policy so other sites can embed it;
 * attachment downloads set their own sandbox CSP.
 */
export function securityHeaders(publicUrl?: string): FastifyHelmetOptions {
  const https = publicUrl?.startsWith('https://') ?? false;
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:', 'blob:', 'https:', 'http:'],
        'font-src': ["'self'", 'data:'],
        'connect-src': ["'self'"],
        'object-src': ["'none'"],
        'base-uri': ["'self'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
        ...(https ? { 'upgrade-insecure-requests': [] } : {}),
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: false } : false,
    crossOriginEmbedderPolicy: false,
  };
}
