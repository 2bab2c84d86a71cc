// The local API reference at /docs: Swagger UI from its npm package, served by the local stack itself (no
// CDN), reading the document the stack serves, under a Content-Security-Policy that allows only itself.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractOf } from '../support/contract.ts';
import { startApi, type Api } from '../support/api.ts';

let api: Api;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.close());

const get = (path: string) => fetch(`${api.url}${path}`);

describe('GET /docs', () => {
  it('serves the page, which loads only the stack’s own files and reads /openapi.json', async () => {
    const page = await get('/docs');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    // Only 'self' (and data: images, as Swagger UI's stylesheet draws its icons): no other origin, no inline script.
    expect(csp.replace(/'self'|'none'|data:/g, '')).not.toMatch(/https?:|\*|'unsafe/);
    const html = await page.text();
    expect(html).toContain('data-openapi="/openapi.json"');
    const sources = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
    expect(sources.length).toBeGreaterThan(3);
    for (const source of sources) expect(source, 'a file of the stack itself').toMatch(/^\/docs\//);
    expect(html).not.toMatch(/<script>(?!<\/script>)/); // no inline script: the CSP would refuse it
    expect((await get('/docs/')).status).toBe(200);
  });

  it('serves Swagger UI’s own files from node_modules, with their types, and the script that starts it', async () => {
    for (const [file, type] of [
      ['swagger-ui-bundle.js', 'text/javascript; charset=utf-8'],
      ['swagger-ui.css', 'text/css; charset=utf-8'],
      ['favicon-32x32.png', 'image/png'],
      ['ismf-docs.js', 'text/javascript; charset=utf-8'],
      ['ismf-docs.css', 'text/css; charset=utf-8'],
    ]) {
      const answer = await get(`/docs/${file}`);
      expect(answer.status, file).toBe(200);
      expect(answer.headers.get('content-type'), file).toBe(type);
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
      expect((await answer.arrayBuffer()).byteLength, file).toBeGreaterThan(0);
    }
    const bundle = await (await get('/docs/swagger-ui-bundle.js')).text();
    expect(bundle).toContain('SwaggerUIBundle');
    const start = await (await get('/docs/ismf-docs.js')).text();
    expect(start).toContain('dataset.openapi');
    expect(start).toContain('validatorUrl: null'); // no call to the public validator
  });

  it('serves nothing else under /docs: not the package’s other files, not a path out of it', async () => {
    for (const path of ['/docs/index.html', '/docs/package.json', '/docs/..%2F..%2Fpackage.json', '/docs/swagger-initializer.js']) {
      expect((await get(path)).status, path).toBe(404);
    }
  });

  it('is local only: no catalogue operation, left out of the contract check for that reason', () => {
    expect(contractOf('GET', '/docs')).toMatchObject({ kind: 'unchecked' });
    expect(contractOf('GET', '/docs/swagger-ui.css')).toMatchObject({ kind: 'unchecked' });
  });

  it('points at a document whose answers the page can render: the stack’s own /openapi.json', async () => {
    const document = await api.call('GET', '/openapi.json');
    expect(document.status).toBe(200);
    expect(document.body.components.schemas.Asset).toBeDefined();
  });
});
