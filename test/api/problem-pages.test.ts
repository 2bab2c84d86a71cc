// Each problem type the API answers has a page (docs/problems.md) at the URI its `type` names: locally
// at /problems/<type>. The API document's problem examples carry the real type of their status.
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROBLEM_TYPE_BASE, PROBLEM_TYPES } from '@ismf/core/problems';
import { problemPages } from '@ismf/local/problem-pages';
import { startApi, type Api } from '../support/api.ts';

let api: Api;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.close());

describe('problem type pages', () => {
  it('has a page for every problem type, and none for a type that does not exist', () => {
    const pages = problemPages(resolve(import.meta.dirname, '../..'));
    expect([...pages.keys()].sort()).toEqual(Object.keys(PROBLEM_TYPES).sort());
    for (const [type, status] of Object.entries(PROBLEM_TYPES)) expect(pages.get(type), type).toContain(`**${status} `);
  });

  it('serves the page a problem’s type names, locally', async () => {
    const refused = await api.call('GET', '/users');
    expect(refused.status).toBe(401);
    const type = refused.body.type as string;
    expect(type.startsWith(PROBLEM_TYPE_BASE)).toBe(true);
    const page = await fetch(`${api.url}/problems/${type.slice(PROBLEM_TYPE_BASE.length)}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(await page.text()).toMatch(/^# unauthorized\n\n\*\*401 Unauthorized\.\*\*/);
    expect((await fetch(`${api.url}/problems/no-such-type`)).status).toBe(404);
    expect((await fetch(`${api.url}/problems/..%2Fpackage.json`)).status).toBe(404);
  });

  it('gives each problem example of the API document its status’s real type', async () => {
    const document = (await api.call('GET', '/openapi.json')).body as {
      components: { responses: Record<string, { content: Record<string, { example: { type: string; status: number } }> }> };
    };
    const examples = Object.values(document.components.responses).map((response) => response.content['application/problem+json']!.example);
    expect(examples.length).toBeGreaterThan(8);
    for (const example of examples) {
      const type = example.type.slice(PROBLEM_TYPE_BASE.length) as keyof typeof PROBLEM_TYPES;
      expect(PROBLEM_TYPES[type], example.type).toBe(example.status);
    }
  });
});
