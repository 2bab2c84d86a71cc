// Changes made outside the audit trail: an entity written directly in the table (its data, its version,
// or an older image put back) no longer matches its last audit entry, and verification names it.
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db, tableName } from '@ismf/store/client';
import { startApi, type Api } from '../support/api.ts';

let api: Api;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.close());

const entityKey = (tenantId: string, type: string, id: string) => ({ pk: `${tenantId}#${type}#${id}`, sk: '#META' });

async function storedItem(tenantId: string, type: string, id: string) {
  const result = await db().send(new GetCommand({ TableName: tableName(), Key: entityKey(tenantId, type, id), ConsistentRead: true }));
  return result.Item as Record<string, any>;
}

async function putItem(item: Record<string, unknown>) {
  await db().send(new PutCommand({ TableName: tableName(), Item: item }));
}

async function newUser(token: string, email: string) {
  const created = await api.call('POST', '/users', { token, body: { email, displayName: 'Test Person', roles: ['staff'] } });
  expect(created.status).toBe(201);
  return created.body as { id: string };
}

async function changeRoles(token: string, userId: string, version: number, roles: string[]) {
  const reply = await api.call('PATCH', `/users/${userId}`, { token, body: { roles }, headers: { 'if-match': `"${version}"` } });
  expect(reply.status).toBe(200);
}

describe('verification of entities against their audit trail', () => {
  it('names an entity whose data was changed directly in the table', async () => {
    const { tenantId, adminToken } = await api.newTenant('tamdata');
    const auditor = await api.tokenFor(tenantId, 'inspector', ['auditor']);
    const user = await newUser(adminToken, 'quiet@tamdata.example');
    const clean = await api.call('GET', '/audit/verify', { token: auditor });
    expect(clean.status).toBe(200);
    expect(clean.body).toMatchObject({ valid: true, brokenCount: 0 });

    // A quiet privilege escalation: the roles change, the version and the audit hash stay.
    const item = await storedItem(tenantId, 'user', user.id);
    await putItem({ ...item, data: { ...item.data, roles: ['admin'] } });
    const report = await api.call('GET', '/audit/verify', { token: auditor });
    expect(report.status).toBe(200);
    expect(report.body.valid).toBe(false);
    expect(report.body.brokenCount).toBe(1);
    expect(report.body.firstBroken).toBeUndefined();
    expect(report.body.firstBrokenEntity).toMatchObject({ entity: `user:${user.id}`, version: 1 });
    expect(report.body.firstBrokenEntity.problem).toContain('data does not match');
    expect(report.body.firstBrokenEntity.problem).toContain('entry 1');
  });

  it('names an entity whose data and version were changed directly in the table', async () => {
    const { tenantId, adminToken } = await api.newTenant('tamver');
    const user = await newUser(adminToken, 'bumped@tamver.example');
    await changeRoles(adminToken, user.id, 1, ['auditor']);
    expect((await api.call('GET', '/audit/verify', { token: adminToken })).body).toMatchObject({ valid: true, brokenCount: 0 });

    const item = await storedItem(tenantId, 'user', user.id);
    await putItem({ ...item, version: 3, updatedAt: new Date().toISOString(), data: { ...item.data, roles: ['admin'] } });
    const report = await api.call('GET', '/audit/verify', { token: adminToken });
    expect(report.body.valid).toBe(false);
    expect(report.body.firstBrokenEntity).toMatchObject({ entity: `user:${user.id}`, version: 3 });
    expect(report.body.firstBrokenEntity.problem).toContain('no audit entry 3');
  });

  it('names an entity whose stored audit hash was changed directly in the table', async () => {
    const { tenantId, adminToken } = await api.newTenant('tamhash');
    const user = await newUser(adminToken, 'hash@tamhash.example');
    const item = await storedItem(tenantId, 'user', user.id);
    await putItem({ ...item, auditHash: 'f'.repeat(64) });
    const report = await api.call('GET', '/audit/verify', { token: adminToken });
    expect(report.body.valid).toBe(false);
    expect(report.body.firstBroken).toMatchObject({ entity: `user:${user.id}`, seq: 1 });
  });

  it('names an entity put back to an older image, behind its audit trail', async () => {
    const { tenantId, adminToken } = await api.newTenant('tamback');
    const user = await newUser(adminToken, 'back@tamback.example');
    await changeRoles(adminToken, user.id, 1, ['auditor']);
    const older = await storedItem(tenantId, 'user', user.id);
    await changeRoles(adminToken, user.id, 2, ['manager']);
    await changeRoles(adminToken, user.id, 3, ['isirt']);
    await putItem(older);
    const report = await api.call('GET', '/audit/verify', { token: adminToken });
    expect(report.body.valid).toBe(false);
    expect(report.body.firstBrokenEntity).toMatchObject({ entity: `user:${user.id}`, version: 2 });
    expect(report.body.firstBrokenEntity.problem).toContain('entry 4');
  });

  it('names an entity deleted directly from the table', async () => {
    const { tenantId, adminToken } = await api.newTenant('tamdel');
    const user = await newUser(adminToken, 'gone@tamdel.example');
    await db().send(new DeleteCommand({ TableName: tableName(), Key: entityKey(tenantId, 'user', user.id) }));
    const report = await api.call('GET', '/audit/verify', { token: adminToken });
    expect(report.body.valid).toBe(false);
    expect(report.body.firstBrokenEntity).toMatchObject({ entity: `user:${user.id}` });
    expect(report.body.firstBrokenEntity.version).toBeUndefined();
    expect(report.body.firstBrokenEntity.problem).toContain('missing');
  });

  it('still verifies an untouched entity after several legitimate updates', async () => {
    const { tenantId, adminToken } = await api.newTenant('tamok');
    const auditor = await api.tokenFor(tenantId, 'inspector', ['auditor']);
    const user = await newUser(adminToken, 'busy@tamok.example');
    let version = 1;
    for (const roles of [['auditor'], ['manager'], ['isirt'], ['staff', 'auditor'], ['staff']]) await changeRoles(adminToken, user.id, version++, roles);
    const report = await api.call('GET', '/audit/verify', { token: auditor });
    expect(report.body).toMatchObject({ valid: true, brokenCount: 0 });
    expect(report.body.firstBrokenEntity).toBeUndefined();
    expect(report.body.entriesChecked).toBeGreaterThanOrEqual(6);
  });

  it('checks an entity changed legitimately after the window against its latest entry, and catches a direct change there too', async () => {
    const { tenantId, adminToken } = await api.newTenant('tamlater');
    const user = await newUser(adminToken, 'later@tamlater.example');
    const created = (await api.call('GET', `/audit?entity=user:${user.id}`, { token: adminToken })).body.items[0];
    await new Promise((resolve) => setTimeout(resolve, 5));
    await changeRoles(adminToken, user.id, 1, ['auditor']);
    await changeRoles(adminToken, user.id, 2, ['manager']);
    // A window ending with the user's first entry: the two updates after it are outside the window.
    const window = `from=${encodeURIComponent(new Date(Date.parse(created.at) - 60_000).toISOString())}&to=${encodeURIComponent(created.at)}`;
    const clean = await api.call('GET', `/audit/verify?${window}`, { token: adminToken });
    expect(clean.body).toMatchObject({ valid: true, brokenCount: 0 });
    expect(clean.body.entriesChecked).toBeLessThan(3 + 3);

    const item = await storedItem(tenantId, 'user', user.id);
    await putItem({ ...item, data: { ...item.data, roles: ['admin'] } });
    const report = await api.call('GET', `/audit/verify?${window}`, { token: adminToken });
    expect(report.body.valid).toBe(false);
    expect(report.body.firstBrokenEntity).toMatchObject({ entity: `user:${user.id}`, version: 3 });
    expect(report.body.firstBrokenEntity.problem).toContain('entry 3');
  });
});
