// The console's security headers, one list for both places that serve it: the local server and the
// CloudFront response headers policy. The Content-Security-Policy allows only the site's own files, no inline
// script or style, no eval; the page may call the API and (in AWS) the Cognito token endpoint, nothing else.

export interface ConsoleHeaderOptions {
  /** Origins the page calls besides its own: the API, the hosted UI's domain. */
  connect?: readonly string[];
}

export function consoleContentSecurityPolicy(options: ConsoleHeaderOptions = {}): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    ['connect-src', "'self'", ...(options.connect ?? [])].join(' '),
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}

/** The rest of the security headers, as CloudFront's SecurityHeadersConfig names them. */
export const CONSOLE_SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=63072000; includeSubDomains',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
  'cross-origin-opener-policy': 'same-origin',
} as const;
