// Personal data in the audit trail: a user's display name and e-mail are sensitive, so their audit
// entries hold salted digests, never the values; the history shows the field as changed, without values;
// and the chain still verifies (GET /audit/verify).
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db, tableName } from '@ismf/store/client';
import { startApi, type Api } from '../support/api.ts';

let api: Api;
let tenant: { tenantId: string; adminToken: string; adminId: string };
beforeAll(async () => {
  api = await startApi();
  tenant = await api.newTenant('pii');
});
afterAll(() => api.close());

async function storedEntries(userId: string) {
  const result = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :a)',
      ExpressionAttributeValues: { ':pk': `${tenant.tenantId}#user#${userId}`, ':a': 'AUDIT#' },
    }),
  );
  return result.Items!;
}

describe('sensitive fields in the audit trail', () => {
  it('keeps a changed display name and the e-mail out of the entries, shows the change without values, and still verifies', async () => {
    const created = await api.call('POST', '/users', {
      token: tenant.adminToken,
      body: { email: 'grace.hopper@pii.example', displayName: 'Grace Hopper', roles: ['staff'] },
    });
    expect(created.status).toBe(201);
    const user = created.body as { id: string };
    const renamed = await api.call('PATCH', `/users/${user.id}`, {
      token: tenant.adminToken,
      body: { displayName: 'Grace B. Hopper', reason: 'name as on the contract' },
      headers: { 'if-match': '"1"' },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body.displayName).toBe('Grace B. Hopper');

    const stored = await storedEntries(user.id);
    expect(stored).toHaveLength(2);
    const text = JSON.stringify(stored);
    for (const value of ['Grace Hopper', 'Grace B. Hopper', 'grace.hopper@pii.example', 'Grace', 'Hopper']) expect(text).not.toContain(value);
    const change = (stored[1]!.changes as { field: string; from?: string; to?: string; sensitive?: boolean }[]).find((entry) => entry.field === 'displayName')!;
    expect(change).toEqual({
      field: 'displayName',
      sensitive: true,
      from: expect.stringMatching(/^hmac-sha256:[0-9a-f]{64}$/),
      to: expect.stringMatching(/^hmac-sha256:[0-9a-f]{64}$/),
    });
    expect(change.from).not.toBe(change.to);
    expect(stored[1]).toMatchObject({ reason: 'name as on the contract', sensitive: ['displayName', 'email'] });

    const history = await api.call('GET', `/audit?entity=user:${user.id}`, { token: tenant.adminToken });
    expect(history.status).toBe(200);
    expect(JSON.stringify(history.body)).not.toContain('Hopper');
    expect(history.body.items[1].changes).toEqual([{ field: 'displayName', sensitive: true }]);

    const report = await api.call('GET', '/audit/verify', { token: tenant.adminToken });
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({ valid: true, brokenCount: 0 });
    expect(report.body.entitiesChecked).toBeGreaterThanOrEqual(2);
  });

  it('digests the first administrator’s e-mail at onboarding with the salt written with the tenant', async () => {
    const entries = await storedEntries(tenant.adminId);
    expect(entries).toHaveLength(1);
    expect(JSON.stringify(entries)).not.toContain(`admin@${tenant.tenantId}.example`);
    const salt = await db().send(new GetCommand({ TableName: tableName(), Key: { pk: `${tenant.tenantId}#CONFIG`, sk: 'audit-salt' }, ConsistentRead: true }));
    expect(Buffer.from(salt.Item!.secret as string, 'base64')).toHaveLength(32);
    expect(JSON.stringify(entries)).not.toContain(salt.Item!.secret as string);
  });

  it('catches a sensitive field changed outside the trail, although the trail holds no value to compare', async () => {
    const user = (await api.call('POST', '/users', { token: tenant.adminToken, body: { email: 'ada@pii.example', displayName: 'Ada', roles: ['staff'] } }))
      .body as { id: string };
    const key = { pk: `${tenant.tenantId}#user#${user.id}`, sk: '#META' };
    const head = (await db().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }))).Item!;
    await db().send(new PutCommand({ TableName: tableName(), Item: { ...head, data: { ...head.data, displayName: 'Eve' } } }));
    const report = await api.call('GET', '/audit/verify', { token: tenant.adminToken });
    expect(report.body.valid).toBe(false);
    expect(report.body.firstBrokenEntity).toMatchObject({ entity: `user:${user.id}`, version: 1 });
    expect(report.body.firstBrokenEntity.problem).toContain('does not match the after-digest');
    await db().send(new PutCommand({ TableName: tableName(), Item: head }));
    expect((await api.call('GET', '/audit/verify', { token: tenant.adminToken })).body.valid).toBe(true);
  });
});
