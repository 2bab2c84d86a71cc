// The sweep of audited entities: an entity written directly in the table is found however long ago it
// last changed legitimately (a window's verification that holds none of its entries does not see it);
// an untouched tenant sweeps clean, and one tenant's tampering never shows in another's sweep.
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registry } from '@ismf/app/areas';
import { defineEntity } from '@ismf/store/entity-model';
import { db, tableName } from '@ismf/store/client';
import { sweepAuditedEntities, type SweepOptions } from '../../packages/audit/src/sweep.ts';
import { startApi, type Api } from '../support/api.ts';

let api: Api;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.close());

// The assets area's policy is its tenant's one record under this id (packages/assets/src/policy.ts).
const options: SweepOptions = { unlisted: { 'asset-policy': () => ['current'] } };
const sweep = (tenantId: string, extra: SweepOptions = {}) => sweepAuditedEntities(tenantId, registry.entities, { ...options, ...extra });

const entityKey = (tenantId: string, type: string, id: string) => ({ pk: `${tenantId}#${type}#${id}`, sk: '#META' });

async function storedItem(tenantId: string, type: string, id: string) {
  const result = await db().send(new GetCommand({ TableName: tableName(), Key: entityKey(tenantId, type, id), ConsistentRead: true }));
  return result.Item as Record<string, any>;
}

async function putItem(item: Record<string, unknown>) {
  await db().send(new PutCommand({ TableName: tableName(), Item: item }));
}

async function newUser(token: string, email: string) {
  const created = await api.call('POST', '/users', { token, body: { email, displayName: email.split('@')[0], roles: ['staff'] } });
  expect(created.status).toBe(201);
  return created.body as { id: string; createdAt: string };
}

describe('the sweep of audited entities', () => {
  it('finds an entity changed directly in the table that a window’s verification no longer covers', async () => {
    const { tenantId, adminToken } = await api.newTenant('swp');
    const quiet = await newUser(adminToken, 'quiet@swp.example');
    await new Promise((resolve) => setTimeout(resolve, 5));
    const since = new Date().toISOString();
    await newUser(adminToken, 'busy@swp.example');
    expect(await sweep(tenantId)).toMatchObject({ mismatched: [] });

    // A quiet privilege escalation, long after the user's last legitimate change.
    const item = await storedItem(tenantId, 'user', quiet.id);
    await putItem({ ...item, data: { ...item.data, roles: ['admin'] } });
    const window = await api.call('GET', `/audit/verify?from=${encodeURIComponent(since)}`, { token: adminToken });
    expect(window.body).toMatchObject({ valid: true, brokenCount: 0 });

    const report = await sweep(tenantId);
    expect(report.checked).toBeGreaterThanOrEqual(4); // the admin, both users, the organization record
    expect(report.mismatched).toEqual([
      { type: 'user', id: quiet.id, reason: expect.stringContaining('data does not match the after-digest of its audit entry 1') },
    ]);
  });

  it('checks sensitive fields through their salted digests, and names a changed e-mail', async () => {
    const { tenantId, adminToken } = await api.newTenant('swpmail');
    const user = await newUser(adminToken, 'real@swpmail.example');
    const item = await storedItem(tenantId, 'user', user.id);
    await putItem({ ...item, data: { ...item.data, email: 'attacker@elsewhere.example' } });
    expect((await sweep(tenantId)).mismatched).toEqual([{ type: 'user', id: user.id, reason: expect.stringContaining('data does not match') }]);
  });

  it('names a version written without an entry, a rolled-back entity and a deleted singleton', async () => {
    const { tenantId, adminToken } = await api.newTenant('swpver');
    const bumped = await newUser(adminToken, 'bumped@swpver.example');
    const rolled = await newUser(adminToken, 'rolled@swpver.example');
    const older = await storedItem(tenantId, 'user', rolled.id);
    const patched = await api.call('PATCH', `/users/${rolled.id}`, { token: adminToken, body: { roles: ['auditor'] }, headers: { 'if-match': '"1"' } });
    expect(patched.status).toBe(200);
    await putItem(older);
    const item = await storedItem(tenantId, 'user', bumped.id);
    await putItem({ ...item, version: 2 });
    // The organization record is the tenant's singleton (on no list): it is read by its id.
    await db().send(new DeleteCommand({ TableName: tableName(), Key: entityKey(tenantId, 'organization', tenantId) }));

    const report = await sweep(tenantId);
    expect(report.mismatched).toEqual(
      expect.arrayContaining([
        { type: 'user', id: bumped.id, reason: expect.stringContaining('has no audit entry 2') },
        { type: 'user', id: rolled.id, reason: expect.stringContaining('goes on to entry 2') },
        { type: 'organization', id: tenantId, reason: expect.stringContaining('deleted outside the audit trail') },
      ]),
    );
    expect(report.mismatched).toHaveLength(3);
  });

  it('pages through a list, finding a tampered entity on a later page', async () => {
    const { tenantId, adminToken } = await api.newTenant('swppage');
    const users = [];
    for (let index = 0; index < 5; index++) users.push(await newUser(adminToken, `u${index}@swppage.example`));
    const last = users
      .map((user) => user.id)
      .sort()
      .at(-1)!;
    const item = await storedItem(tenantId, 'user', last);
    await putItem({ ...item, auditHash: 'f'.repeat(64) });
    const report = await sweep(tenantId, { pageSize: 2 });
    expect(report.checked).toBeGreaterThanOrEqual(7);
    expect(report.mismatched).toEqual([{ type: 'user', id: last, reason: expect.stringContaining('audit hash is not the hash of its audit entry 1') }]);
  });

  it('sweeps an untouched tenant clean, and does not report another tenant’s tampering', async () => {
    const clean = await api.newTenant('swpclean');
    const other = await api.newTenant('swpother');
    await newUser(clean.adminToken, 'one@swpclean.example');
    const victim = await newUser(other.adminToken, 'victim@swpother.example');
    const item = await storedItem(other.tenantId, 'user', victim.id);
    await putItem({ ...item, data: { ...item.data, roles: ['admin'] } });
    const organization = await storedItem(other.tenantId, 'organization', other.tenantId);
    await putItem({ ...organization, data: { ...organization.data, status: 'disabled' } });

    const report = await sweep(clean.tenantId);
    expect(report).toEqual({ checked: expect.any(Number), mismatched: [] });
    expect(report.checked).toBeGreaterThanOrEqual(3);
    expect((await sweep(other.tenantId)).mismatched.map(({ type, id }) => ({ type, id }))).toEqual([
      { type: 'organization', id: other.tenantId },
      { type: 'user', id: victim.id },
    ]);
  });

  it('refuses audited models it could not reach rather than skip them', async () => {
    const { tenantId } = await api.newTenant('swpref');
    // Unlisted, audited, and naming no singleton id: the sweep could not find its records.
    const hidden = defineEntity()({ type: 'hidden-record', description: 'a record no list holds', audited: true, listed: false });
    await expect(sweepAuditedEntities(tenantId, [...registry.entities, hidden])).rejects.toThrow(/hidden-record/);
    // The registry's own singletons (the asset policy, the change, early-warning and patch settings) name their ids.
    expect(registry.entities.filter((model) => model.audited && !model.listed).map((model) => model.singleton ?? model.type)).toEqual([
      'organization',
      'current',
      'current',
      'current',
      'current',
    ]);
  });
});
