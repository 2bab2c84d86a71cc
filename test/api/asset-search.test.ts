// The register in daily work: search by name (a prefix, any case), sorts by name, importance and next
// review, each from an index; filters on label, classification and business process, whose pages may be
// short with a cursor.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type Api } from '../support/api.ts';
import { assetImports } from '../support/asset-imports.ts';
import { requestsDuring } from '../support/requests.ts';

let api: Api;
let tenant: { tenantId: string; adminToken: string; adminId: string };
const { post } = assetImports(
  () => api,
  () => tenant,
);

const row = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  type: 'physical',
  owner: tenant.adminId,
  classification: 'internal',
  confidentiality: 1,
  integrity: 1,
  availability: 1,
  ...extra,
});

beforeAll(async () => {
  api = await startApi();
  tenant = await api.newTenant('find');
  const rows = [
    row('core router CR-1', { confidentiality: 3, labels: ['core', 'PCI'], businessProcess: 'Network operations' }),
    row('Core Router CR-2', { availability: 5, labels: ['core'], businessProcess: 'Network operations' }),
    row('CORE switch CS-1', { integrity: 4, classification: 'confidential' }),
    row('Ｃore gateway', { confidentiality: 2 }), // a full-width C: the same letter once folded (NFKC)
    row('Billing database', { confidentiality: 5, labels: ['PCI'], businessProcess: 'Billing' }),
    row('Access switch AS-1', {}),
  ];
  expect((await post(JSON.stringify(rows), 'application/json')).body.created).toHaveLength(rows.length);
});
afterAll(() => api.close());

const list = async (query: string) => {
  const reply = await api.call('GET', `/assets?${query}`, { token: tenant.adminToken });
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  return reply.body as { items: { name: string; importance: number; nextReviewDue: string }[]; nextCursor?: string };
};
const names = async (query: string) => (await list(query)).items.map((asset) => asset.name);
// The index orders folded names by their UTF-8 bytes, i.e. by code point.
const folded = (name: string) => name.normalize('NFKC').toLowerCase();
const byFoldedName = (a: string, b: string) => (folded(a) < folded(b) ? -1 : folded(a) > folded(b) ? 1 : 0);

describe('finding assets', () => {
  it('finds by the beginning of the name, whatever the case, sorted by name', async () => {
    expect(await names('q=core')).toEqual(['core router CR-1', 'Core Router CR-2', 'CORE switch CS-1', 'Ｃore gateway'].sort(byFoldedName));
    expect(await names('q=CORE%20R')).toEqual(['core router CR-1', 'Core Router CR-2']);
    expect(await names('q=core%20r&sort=-name')).toEqual(['Core Router CR-2', 'core router CR-1']);
    expect(await names('q=nothing-like-this')).toEqual([]);
    // Characters that structure keys are plain text here.
    expect(await names(`q=${encodeURIComponent('core#')}`)).toEqual([]);
  });

  it('sorts by name, by importance either way, and by next review', async () => {
    const byName = await names('sort=name');
    expect(byName).toEqual([...byName].sort(byFoldedName));
    const important = (await list('sort=-importance')).items.map((asset) => asset.importance);
    expect(important).toEqual([...important].sort((a, b) => b - a));
    expect(important[0]).toBe(5);
    const least = (await list('sort=importance')).items.map((asset) => asset.importance);
    expect(least).toEqual([...important].reverse().sort((a, b) => a - b));
    const due = (await list('sort=nextReview')).items.map((asset) => asset.nextReviewDue);
    expect(due).toEqual([...due].sort());
  });

  it('filters on label, classification and business process', async () => {
    expect((await names('label=PCI')).sort()).toEqual(['Billing database', 'core router CR-1']);
    expect(await names('classification=confidential')).toEqual(['CORE switch CS-1']);
    expect(await names('businessProcess=Network%20operations&sort=name')).toEqual(['core router CR-1', 'Core Router CR-2']);
    expect(await names('q=core&label=core')).toEqual(['core router CR-1', 'Core Router CR-2']);
  });

  it('reads one index per page, and a filter no index serves may answer a short page with a cursor', async () => {
    expect((await requestsDuring('QueryCommand', () => list('q=core&limit=2'))).count).toBe(1);
    // Two per page: the filter keeps only what it matches of what the index read.
    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const page = await list(`sort=name&label=PCI&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      pages.push(page.items.map((asset) => asset.name));
      cursor = page.nextCursor;
    } while (cursor);
    expect(pages.flat()).toEqual(['Billing database', 'core router CR-1']);
    expect(pages.length).toBeGreaterThan(1);
  });

  it('refuses combinations no index serves, and a cursor of another search', async () => {
    const refused = async (query: string, path: string) => {
      const reply = await api.call('GET', `/assets?${query}`, { token: tenant.adminToken });
      expect(reply.status).toBe(400);
      expect(reply.body.errors).toEqual([expect.objectContaining({ path })]);
    };
    await refused('q=core&sort=importance', 'query.sort');
    await refused('sort=name&status=all', 'query.status');
    await refused('sort=bogus', 'query.sort');
    const first = await list('q=core&limit=1');
    expect(first.nextCursor).toEqual(expect.any(String));
    const replayed = await api.call('GET', `/assets?q=billing&limit=1&cursor=${encodeURIComponent(first.nextCursor!)}`, { token: tenant.adminToken });
    expect(replayed.status).toBe(400);
  });
});
