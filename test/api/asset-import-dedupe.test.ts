// Imports that do not duplicate: an asset may carry the id its CMDB gives it (`externalId`, unique in the
// tenant); a row naming an external id an asset holds updates that asset, so importing the same file again
// changes nothing; a dry run answers what would happen and writes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type Api } from '../support/api.ts';

let api: Api;
let tenant: { tenantId: string; adminToken: string; adminId: string };

beforeAll(async () => {
  api = await startApi();
  tenant = await api.newTenant('dedupe');
});
afterAll(() => api.close());

const post = (text: string, query = '', token = tenant.adminToken, type = 'text/csv') =>
  api.call('POST', `/assets/import${query}`, { token, rawBody: text, headers: { 'content-type': type } });

const csv = (owner: string, rows: string[][]) =>
  [
    'externalId;name;type;owner;classification;confidentiality;integrity;availability',
    ...rows.map((row) => [row[0], row[1], 'physical', owner, 'internal', row[2] ?? '2', '2', '2'].join(';')),
  ].join('\n');

async function assets(token = tenant.adminToken) {
  return (await api.call('GET', '/assets?limit=100', { token })).body.items as {
    id: string;
    externalId?: string;
    name: string;
    version: number;
    nextReviewDue: string;
    createdAt: string;
  }[];
}

describe('an import with external ids', () => {
  it('creates once, then changes nothing when the same file comes again', async () => {
    const file = csv(tenant.adminId, [
      ['CMDB-1', 'Core router'],
      ['CMDB-2', 'HLR'],
      ['CMDB-3', 'Billing'],
    ]);
    const first = await post(file);
    expect(first.status).toBe(200);
    expect(first.body.created.map((row: { row: number }) => row.row)).toEqual([2, 3, 4]);
    const again = await post(file);
    expect(again.body).toEqual({ created: [], updated: [], unchanged: first.body.created, failed: [] });
    expect((await assets()).filter((asset) => asset.externalId?.startsWith('CMDB-'))).toHaveLength(3);
  });

  it('updates the asset whose external id a changed row names; its review comes forward to what the raised importance requires', async () => {
    const before = await assets();
    const router = before.find((asset) => asset.externalId === 'CMDB-1')!;
    const reply = await post(
      csv(tenant.adminId, [
        ['CMDB-1', 'Core router', '5'],
        ['CMDB-2', 'HLR'],
      ]),
    );
    expect(reply.body.updated).toEqual([{ row: 2, id: router.id }]);
    expect(reply.body.unchanged.map((row: { row: number }) => row.row)).toEqual([3]);
    const after = (await api.call('GET', `/assets/${router.id}`, { token: tenant.adminToken })).body;
    // Importance 5 is reviewed every 90 days (the default policy): counted from registration, never later than it was.
    const required = new Date(Date.parse(router.createdAt) + 90 * 86_400_000).toISOString().slice(0, 10);
    expect(router.nextReviewDue > required).toBe(true);
    expect(after).toMatchObject({ version: 2, confidentiality: 5, importance: 5, nextReviewDue: required });
    const history = (await api.call('GET', `/assets/${router.id}/history`, { token: tenant.adminToken })).body.items;
    expect(history.at(-1)).toMatchObject({ version: 2, reason: 'bulk import' });
  });

  it('refuses a file that names one external id twice, at the second row', async () => {
    const reply = await post(
      csv(tenant.adminId, [
        ['CMDB-9', 'One'],
        ['CMDB-9', 'Two'],
      ]),
    );
    expect(reply.body.created.map((row: { row: number }) => row.row)).toEqual([2]);
    expect(reply.body.failed).toEqual([{ row: 3, errors: [{ path: 'rows[3].externalId', message: 'row 2 names the same external id' }] }]);
  });

  it('answers a dry run with what would happen, writing nothing', async () => {
    const before = await assets();
    const reply = await post(
      csv(tenant.adminId, [
        ['CMDB-2', 'HLR'],
        ['CMDB-3', 'Billing system'],
        ['CMDB-10', 'New one'],
        ['CMDB-11', 'Broken', '9'],
      ]),
      '?dryRun=true',
    );
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      dryRun: true,
      created: [{ row: 4 }],
      updated: [{ row: 3, id: before.find((asset) => asset.externalId === 'CMDB-3')!.id }],
      unchanged: [{ row: 2 }],
      failed: [{ row: 5, errors: [expect.objectContaining({ path: 'rows[5].confidentiality' })] }],
    });
    expect(reply.body.created[0].id).toBeUndefined();
    expect(await assets()).toEqual(before);
    const sbom = await post(
      JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.4', version: 1, components: [] }),
      '?dryRun=true',
      tenant.adminToken,
      'application/json',
    );
    // An SBOM is no rows: it is told its own route.
    expect([sbom.status, sbom.body.detail]).toEqual([400, 'an SBOM goes to POST /assets/sbom-import']);
  });
});

describe('an external id', () => {
  it('belongs to one asset of the tenant: a second claim is a conflict naming it; a change or removal frees it', async () => {
    const body = (externalId: string, name: string) => ({
      externalId,
      name,
      type: 'physical',
      owner: tenant.adminId,
      classification: 'internal',
      confidentiality: 1,
      integrity: 1,
      availability: 1,
    });
    const first = await api.call('POST', '/assets', { token: tenant.adminToken, body: body('ASSET-A', 'First') });
    expect(first.status).toBe(201);
    const taken = await api.call('POST', '/assets', { token: tenant.adminToken, body: body('ASSET-A', 'Second') });
    expect([taken.status, taken.body.errors]).toEqual([409, [{ path: 'body.externalId', message: 'already in use' }]]);
    const moved = await api.call('PATCH', `/assets/${first.body.id}`, {
      token: tenant.adminToken,
      body: { externalId: 'ASSET-B', reason: 'renumbered in the CMDB' },
      headers: { 'if-match': '"1"' },
    });
    expect(moved.body.externalId).toBe('ASSET-B');
    expect((await api.call('POST', '/assets', { token: tenant.adminToken, body: body('ASSET-A', 'Second') })).status).toBe(201);
    const removed = await api.call('PATCH', `/assets/${first.body.id}`, {
      token: tenant.adminToken,
      body: { externalId: null, reason: 'left the CMDB' },
      headers: { 'if-match': '"2"' },
    });
    expect(removed.body.externalId).toBeUndefined();
    expect((await api.call('POST', '/assets', { token: tenant.adminToken, body: body('ASSET-B', 'Third') })).status).toBe(201);
  });

  it('is the tenant’s own: another tenant importing the same external id makes its own asset and leaves ours alone', async () => {
    const other = await api.newTenant('dedupe-b');
    const reply = await post(csv(other.adminId, [['CMDB-1', 'Their router']]), '', other.adminToken);
    expect(reply.body.created).toHaveLength(1);
    expect((await assets()).find((asset) => asset.externalId === 'CMDB-1')).toMatchObject({ name: 'Core router', version: 2 });
    expect((await assets(other.adminToken)).map((asset) => asset.name)).toEqual(['Their router']);
  });
});
