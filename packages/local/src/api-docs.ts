// The API reference of the local stack at /docs: Swagger UI from its npm package (swagger-ui-dist, no CDN)
// reading the document the stack serves (/openapi.json), with "Try it out" calling this stack. Nothing
// leaves the machine: the page loads only its own files, under a Content-Security-Policy of 'self'.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';

/** Where the page finds the document; it is also in the page, for a reader of its source. */
export const API_DOCUMENT_PATH = '/openapi.json';

/**
 * Only our own files; images also as data: URIs (Swagger UI's stylesheet draws its icons so). No inline
 * script or style, no eval, no other origin: the document and "Try it out" go to this stack.
 */
export const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The package's files the page loads, with their types. */
const ASSETS: Readonly<Record<string, string>> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
  'favicon-16x16.png': 'image/png',
};

const PAGE = `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>ISMF API (local)</title>
    <link rel="stylesheet" href="/docs/swagger-ui.css" />
    <link rel="stylesheet" href="/docs/ismf-docs.css" />
    <link rel="icon" type="image/png" href="/docs/favicon-32x32.png" sizes="32x32" />
    <link rel="icon" type="image/png" href="/docs/favicon-16x16.png" sizes="16x16" />
  </head>
  <body>
    <div id="swagger-ui" data-openapi="${API_DOCUMENT_PATH}"></div>
    <script src="/docs/swagger-ui-bundle.js"></script>
    <script src="/docs/ismf-docs.js"></script>
  </body>
</html>
`;

/** Reads the document, points "Try it out" at this stack (the document lists production first) and renders it. */
const INIT = `window.addEventListener('load', async () => {
  const root = document.getElementById('swagger-ui');
  const answer = await fetch(root.dataset.openapi);
  const spec = await answer.json();
  spec.servers = [{ url: window.location.origin, description: 'this local stack' }, ...(spec.servers || [])];
  window.ui = SwaggerUIBundle({
    spec,
    dom_id: '#swagger-ui',
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
    validatorUrl: null,
    tryItOutEnabled: false,
  });
});
`;

const STYLE = `body { margin: 0; background: #fafafa; }
`;

const OWN: Readonly<Record<string, { type: string; body: string }>> = {
  '': { type: 'text/html; charset=utf-8', body: PAGE },
  'ismf-docs.js': { type: 'text/javascript; charset=utf-8', body: INIT },
  'ismf-docs.css': { type: 'text/css; charset=utf-8', body: STYLE },
};

/** The package's folder: resolved from the repository (it is a devDependency: npm start runs from a checkout). */
function distFolder(root: string): string {
  return dirname(createRequire(join(root, 'package.json')).resolve('swagger-ui-dist/package.json'));
}

export interface ApiDocs {
  /** Answers a GET under /docs, or answers false for a path that is not one of the page's. */
  serve(path: string, response: ServerResponse): boolean;
}

export function apiDocs(root: string): ApiDocs {
  const files = new Map<string, Buffer>();
  let folder: string | undefined;
  return {
    serve(path, response) {
      const name = path === '/docs' || path === '/docs/' ? '' : path.startsWith('/docs/') ? path.slice('/docs/'.length) : undefined;
      if (name === undefined) return false;
      const own = OWN[name];
      const type = own?.type ?? ASSETS[name];
      if (!type) return false;
      let body = files.get(name);
      if (!body) {
        body = own ? Buffer.from(own.body, 'utf8') : readFileSync(join((folder ??= distFolder(root)), name));
        files.set(name, body);
      }
      response
        .writeHead(200, {
          'content-type': type,
          'content-length': String(body.length),
          'content-security-policy': DOCS_CSP,
          'x-content-type-options': 'nosniff',
          'referrer-policy': 'no-referrer',
          'cache-control': own ? 'no-cache' : 'public, max-age=3600',
        })
        .end(body);
      return true;
    },
  };
}
