// The console on the local stack: the built site at `/`, its hashed files under /_console/, its configuration
// at /console-config.json, and index.html for any page a browser navigates to (a mail's `/assets/{id}`),
// while the same paths fetched by a program reach the API. API Gateway has no such overlap in AWS: there the
// console is its own CloudFront site.
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';
import { CONSOLE_SECURITY_HEADERS, consoleContentSecurityPolicy } from './headers.ts';

const TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
};

/** Paths the local server answers itself, whatever asks: never the console's. */
const NOT_CONSOLE = /^\/(?:docs(?:\/|$)|problems\/|openapi\.json$|health$|_local\/|\.well-known\/)/;

export interface ConsoleSite {
  /** Answers the request if it is the console's; false leaves it to the API. */
  serve(request: IncomingMessage, pathname: string, response: ServerResponse): boolean;
}

/**
 * A browser navigating (typing an address, following a link) rather than a program fetching. A request with a
 * bearer token is a program's (a navigation never carries one), even when it asks for HTML (an API's printable page).
 */
function isNavigation(request: IncomingMessage): boolean {
  if (request.headers.authorization) return false;
  const mode = request.headers['sec-fetch-mode'];
  if (mode) return mode === 'navigate';
  return (request.headers.accept ?? '').split(',')[0]?.trim().startsWith('text/html') ?? false;
}

export function consoleSite(dir: string): ConsoleSite {
  const headers = (type: string) => ({
    'content-type': type,
    'content-security-policy': consoleContentSecurityPolicy(),
    ...CONSOLE_SECURITY_HEADERS,
  });
  // Read once, at the first page asked for: the site is built before the server starts and not again under it.
  let index: Buffer | undefined;
  const page = () => (index ??= existsSync(resolve(dir, 'index.html')) ? readFileSync(resolve(dir, 'index.html')) : undefined);
  return {
    serve(request, pathname, response) {
      const method = request.method ?? 'GET';
      if (method !== 'GET' && method !== 'HEAD') return false;
      if (pathname === '/console-config.json') {
        // Same origin: the API is here, and people sign in through the dev token endpoint.
        response.writeHead(200, { ...headers('application/json; charset=utf-8'), 'cache-control': 'no-store' });
        response.end(JSON.stringify({ apiUrl: '', signIn: { kind: 'local' } }));
        return true;
      }
      if (pathname.startsWith('/_console/')) {
        const file = resolve(dir, `.${pathname}`);
        if (!file.startsWith(`${resolve(dir, '_console')}${sep}`) || !existsSync(file) || !statSync(file).isFile()) return false;
        // Hashed names: a file never changes under its name.
        response.writeHead(200, { ...headers(TYPES[extname(file)] ?? 'application/octet-stream'), 'cache-control': 'public, max-age=31536000, immutable' });
        if (method === 'HEAD') response.end();
        else createReadStream(file).pipe(response);
        return true;
      }
      if (NOT_CONSOLE.test(pathname) || !(pathname === '/' || isNavigation(request))) return false;
      const html = page();
      if (!html) return false;
      response.writeHead(200, { ...headers('text/html; charset=utf-8'), 'cache-control': 'no-cache' });
      response.end(method === 'HEAD' ? undefined : html);
      return true;
    },
  };
}
