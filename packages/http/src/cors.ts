// Cross-origin requests (the console in a browser): which origins may call the API is configuration —
// none by default — and the same policy is answered by API Gateway in AWS (its CORS configuration) and
// by the local server locally (preflights and the headers of answers).

/** The methods the API's routes use. */
export const CORS_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
/** The request headers a browser may send beyond the safelisted ones. */
export const CORS_ALLOWED_HEADERS = ['authorization', 'content-type', 'if-match', 'if-none-match', 'idempotency-key'] as const;
/** The answer's headers a browser script may read. */
export const CORS_EXPOSED_HEADERS = ['etag', 'location', 'x-request-id', 'retry-after', 'www-authenticate', 'allow'] as const;
/** How long a browser may keep a preflight's answer. */
export const CORS_MAX_AGE_SECONDS = 3_600;

const ORIGIN = /^https?:\/\/[a-z0-9.-]+(?::\d{1,5})?$/;

/**
 * The allowed origins from configuration (`ISMF_CORS_ORIGINS` locally, CDK context `corsOrigins` in AWS):
 * comma-separated, each a scheme, host and optional port — never `*`, since the API takes bearer tokens.
 */
export function corsOrigins(value: unknown): string[] {
  if (value === undefined || value === null || value === '') return [];
  const list = Array.isArray(value) ? value : String(value).split(',');
  return list.map((entry) => {
    const origin = String(entry).trim().toLowerCase();
    if (!ORIGIN.test(origin)) throw new Error(`a CORS origin is a scheme, host and optional port (https://console.example.com), not ${JSON.stringify(entry)}`);
    return origin;
  });
}
