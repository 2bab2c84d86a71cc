// People, not ULIDs: wherever a response names a person (an asset's owner, who changed it, an audit
// actor, an uploader, a job's starter) it carries { id, name, email }, read through the cached directory
// with at most one batch read per page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personNames } from '@ismf/store/people-names';
import { devToken } from '@ismf/platform/dev-identity';
import { startApi, type Api } from '../support/api.ts';
import { batchGetsDuring } from '../support/requests.ts';
import { assetImports } from '../support/asset-imports.ts';

let api: Api;
let tenant: { tenantId: string; adminToken: string; adminId: string };
const people: { id: string; name: string; email: string }[] = [];
const { post } = assetImports(
  () => api,
  () => tenant,
);

beforeAll(async () => {
  api = await startApi();
  tenant = await api.newTenant('names');
  for (const [name, jobTitle] of [
    ['Dana Weiss', 'Network security engineer'],
    ['Jonas Berg', 'Core network lead'],
    ['Amira Haddad', undefined],
  ] as const) {
    const email = `${name.split(' ')[0]!.toLowerCase()}@${tenant.tenantId}.example`;
    const created = await api.call('POST', '/users', {
      token: tenant.adminToken,
      body: { email, displayName: name, ...(jobTitle ? { jobTitle } : {}), roles: ['asset-owner'] },
    });
    expect(created.status).toBe(201);
    people.push({ id: created.body.id, name, email });
  }
});
afterAll(() => api.close());

describe('people named in responses', () => {
  it('names each asset’s owner in a list page with one batch read for the page', async () => {
    const row = (name: string, owner: string) => ({
      name,
      type: 'physical',
      owner,
      classification: 'internal',
      confidentiality: 2,
      integrity: 3,
      availability: 4,
    });
    const rows = Array.from({ length: 9 }, (_, index) => row(`RNC-${index}`, people[index % 3]!.email));
    expect((await post(JSON.stringify(rows), 'application/json')).body.created).toHaveLength(9);

    const list = () => api.call('GET', '/assets?limit=100', { token: tenant.adminToken });
    const first = await batchGetsDuring(list);
    const again = await batchGetsDuring(list);
    // The first page reads the three owners in one batch; the second finds them cached.
    expect(first.batchGets - again.batchGets).toBe(1);
    const owners = new Map(first.result.body.items.map((asset: { name: string; ownerPerson: unknown }) => [asset.name, asset.ownerPerson]));
    expect(owners.get('RNC-0')).toEqual({ id: people[0]!.id, name: 'Dana Weiss', email: people[0]!.email, jobTitle: 'Network security engineer' });
    expect(owners.get('RNC-2')).toEqual({ id: people[2]!.id, name: 'Amira Haddad', email: people[2]!.email });
    expect(again.result.body).toEqual(first.result.body);
  });

  it('shows a new name at once after a rename, in the asset and its history', async () => {
    const created = await api.call('POST', '/assets', {
      token: tenant.adminToken,
      body: { name: 'HLR-1', type: 'physical', owner: people[1]!.id, classification: 'internal', confidentiality: 4, integrity: 4, availability: 5 },
    });
    expect(created.body.ownerPerson).toMatchObject({ id: people[1]!.id, name: 'Jonas Berg' });
    const renamed = await api.call('PATCH', `/users/${people[1]!.id}`, {
      token: tenant.adminToken,
      body: { displayName: 'Jonas Berg-Larsen', reason: 'married' },
      headers: { 'if-match': '"1"' },
    });
    expect(renamed.status).toBe(200);
    const read = await api.call('GET', `/assets/${created.body.id}`, { token: tenant.adminToken });
    expect(read.body.ownerPerson).toEqual({ id: people[1]!.id, name: 'Jonas Berg-Larsen', email: people[1]!.email, jobTitle: 'Core network lead' });

    const history = await api.call('GET', `/assets/${created.body.id}/history`, { token: tenant.adminToken });
    expect(history.body.items[0].byPerson).toEqual({ id: tenant.adminId, name: 'Ada Admin', email: `admin@${tenant.tenantId}.example` });
    const audit = await api.call('GET', `/audit?entity=asset:${created.body.id}`, { token: tenant.adminToken });
    expect(audit.body.items[0].actorPerson).toEqual({ id: tenant.adminId, name: 'Ada Admin', email: `admin@${tenant.tenantId}.example` });
    // The recorded actor stays as the hash chain has it.
    expect(audit.body.items[0].actor.userId).toEqual(expect.any(String));
  });

  it('names the uploader of evidence and the starter of a job', async () => {
    const token = await api.tokenFor(tenant.tenantId, 'sam.officer', ['security-officer']);
    const evidence = await api.call('POST', '/evidence', { token, body: { fileName: 'scan.pdf', contentType: 'application/pdf', size: 10 } });
    expect(evidence.status).toBe(201);
    expect(evidence.body.uploadedByPerson).toMatchObject({ name: 'Sam Officer', email: `sam.officer@${tenant.tenantId}.example` });
    const job = await api.call('POST', '/jobs', {
      token,
      body: { kind: 'asset-import', file: { fileName: 'assets.csv', contentType: 'text/csv', size: 100 } },
    });
    expect(job.status).toBe(202);
    expect(job.body.startedByPerson).toEqual(evidence.body.uploadedByPerson);
  });

  it('names the platform’s own tasks, and never another tenant’s people', async () => {
    const other = await api.newTenant('names-b');
    const names = await personNames(tenant.tenantId, { users: [other.adminId], subjects: ['system:AdvanceFlow'] });
    expect(names.subject('system:AdvanceFlow')).toEqual({ id: 'system:AdvanceFlow', name: 'ISMF (AdvanceFlow)' });
    // Another tenant's user id names no one here: the read stays in the tenant's own partitions.
    expect(names.user(other.adminId)).toEqual({ id: other.adminId, name: other.adminId });
  });

  it('refuses a user without a name, and the token endpoint names the users it registers', async () => {
    const unnamed = await api.call('POST', '/users', { token: tenant.adminToken, body: { email: `nobody@${tenant.tenantId}.example`, roles: ['staff'] } });
    expect(unnamed.status).toBe(400);
    expect(unnamed.body.errors.map((error: { path: string }) => error.path)).toContain('body.displayName');
    const token = await api.tokenFor(tenant.tenantId, 'lena.kowalski-nowak', ['staff']);
    expect(token).toEqual(expect.any(String));
    const users = (await api.call('GET', '/users?limit=100', { token: tenant.adminToken })).body.items as { email: string; displayName: string }[];
    expect(users.find((user) => user.email.startsWith('lena.'))?.displayName).toBe('Lena Kowalski Nowak');
    // A known user's token, asked for without roles, carries the roles the directory holds: never admin by default.
    const again = (await devToken(api.identity, { tenant: tenant.tenantId, user: 'lena.kowalski-nowak' })).token;
    expect((await api.call('GET', '/users', { token: again })).status).toBe(403);
    expect((await api.call('GET', '/me/tasks', { token: again })).status).toBe(200);
  });
});
