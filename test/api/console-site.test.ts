// The console on the local stack: the site at `/` under a strict Content-Security-Policy, a browser's
// navigation to any screen's address answered with the app while a program's call to the same path reaches
// the API, its configuration, its hashed files, and nothing outside them.
import { request } from 'node:http';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConsole, CONSOLE_BUILD_DIR } from '@ismf/console/server/build';
import { startApi, type Api } from '../support/api.ts';

const NAVIGATE = { accept: 'text/html,application/xhtml+xml', 'sec-fetch-mode': 'navigate' };

/**
 * A raw GET, so that a path such as /_console/../x reaches the server as written, and the headers are the
 * ones given (fetch sends its own Sec-Fetch-Mode).
 */
function rawGet(url: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; type: string }> {
  return new Promise((done, fail) => {
    request(`${url}${path}`, { method: 'GET', path, headers }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => done({ status: response.statusCode!, body, type: String(response.headers['content-type']) }));
    })
      .on('error', fail)
      .end();
  });
}

describe('the console on the local stack', () => {
  let api: Api;
  beforeAll(async () => {
    api = await startApi({ console: true });
  });
  afterAll(() => api.close());

  it('serves the app at / with a Content-Security-Policy that allows no inline script or style', async () => {
    const answer = await fetch(`${api.url}/`, { headers: NAVIGATE });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = answer.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/unsafe-(inline|eval)/);
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    const page = await answer.text();
    // Every script is a file of the site: nothing inline that the policy would have to allow.
    const scripts = [...page.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/src="\/_console\/[^"]+\.js"/);
      expect(body!.trim()).toBe('');
    }
  });

  it('answers a browser navigating to a screen’s address with the app, and a program calling it with the API', async () => {
    const page = await rawGet(api.url, '/assets/01JDQ8R6Z8W4X3N2K1M0P9Q7RS', NAVIGATE);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<div id="root">');
    // A browser that sends no Sec-Fetch-Mode: its Accept tells a page from a call.
    expect((await rawGet(api.url, '/approvals/01JDQ8R6Z8W4X3N2K1M0P9Q7RS', { accept: 'text/html' })).type).toMatch(/^text\/html/);
    const call = await api.call('GET', '/assets/01JDQ8R6Z8W4X3N2K1M0P9Q7RS');
    expect(call.status).toBe(401);
    expect(call.headers.get('content-type')).toBe('application/problem+json');
    // A program with a token that asks for HTML (a printable report) is a call, not a navigation.
    const report = await rawGet(api.url, '/early-warnings/01JDQ8R6Z8W4X3N2K1M0P9Q7RS/report', { accept: 'text/html', authorization: 'Bearer not-a-token' });
    expect(report.type).toBe('application/problem+json');
    // The stack's own pages stay its own, however they are asked for.
    expect((await rawGet(api.url, '/openapi.json', NAVIGATE)).type).toMatch(/^application\/json/);
    expect((await rawGet(api.url, '/docs', NAVIGATE)).body).toContain('swagger-ui');
  });

  it('tells the app where the API is and that people sign in locally', async () => {
    const answer = await fetch(`${api.url}/console-config.json`);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(await answer.json()).toEqual({ apiUrl: '', signIn: { kind: 'local' } });
  });

  it('serves the hashed files for a year, and nothing outside them', async () => {
    const script = /src="(\/_console\/[^"]+\.js)"/.exec(readFileSync(resolve(CONSOLE_BUILD_DIR, 'index.html'), 'utf8'))![1]!;
    const answer = await fetch(`${api.url}${script}`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(answer.headers.get('cache-control')).toContain('immutable');
    for (const path of ['/_console/../index.html', '/_console/%2e%2e/.inputs.json', '/_console/../../package.json', '/_console/missing.js']) {
      const outside = await rawGet(api.url, path);
      expect(outside.status, path).toBe(404);
      expect(outside.body, path).not.toContain('"scripts"');
    }
  });

  it('builds again only when a source changed', async () => {
    // The global setup built it for this run: nothing changed since.
    expect((await buildConsole()).built).toBe(false);
  });
});
