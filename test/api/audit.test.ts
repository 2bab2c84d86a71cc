// The audit trail: every change leaves a chained entry; verification finds a rewritten entry and names it.
import { GetCommand, PutCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db, tableName } from '@ismf/store/client';
import { entryHash } from '@ismf/store/audit-entry';
import { startApi, type Api } from '../support/api.ts';

let api: Api;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.close());

async function auditItems(tenantId: string, userId: string) {
  const result = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :a)',
      ExpressionAttributeValues: { ':pk': `${tenantId}#user#${userId}`, ':a': 'AUDIT#' },
    }),
  );
  return result.Items!;
}

// Test-only reads of the raw table: the outbox has no request path, so a filtered Scan serves here.
async function outboxOf(tenantId: string) {
  // A filtered Scan reads the shared test table one page (1 MB) at a time: follow every page.
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db().send(
      new ScanCommand({
        TableName: tableName(),
        FilterExpression: 'begins_with(pk, :p)',
        ExpressionAttributeValues: { ':p': `${tenantId}#OUTBOX#` },
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items as { detailType: string; detail: { tenantId: string; data: Record<string, unknown> } }[];
}

async function auditCount(tenantId: string) {
  const today = new Date().toISOString().slice(0, 10);
  const result = await db().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'GSI2',
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': `${tenantId}#AUDIT#${today}` },
      Select: 'COUNT',
    }),
  );
  return result.Count!;
}

async function userWithHistory(api: Api, token: string, email: string) {
  const user = (await api.call('POST', '/users', { token, body: { email, displayName: 'Test Person', roles: ['staff'] } })).body;
  for (const [version, role] of [
    [1, 'auditor'],
    [2, 'manager'],
    [3, 'isirt'],
  ] as const) {
    const reply = await api.call('PATCH', `/users/${user.id}`, { token, body: { roles: [role] }, headers: { 'if-match': `"${version}"` } });
    expect(reply.status).toBe(200);
  }
  return user as { id: string };
}

describe('the audit trail', () => {
  it('records who, when, what and why for each change, chained per entity', async () => {
    const { tenantId, adminToken } = await api.newTenant('aud');
    const user = await userWithHistory(api, adminToken, 'chain@aud.example');
    const page = await api.call('GET', `/audit?entity=user:${user.id}&limit=2`, { token: adminToken });
    expect(page.body.items).toHaveLength(2);
    const rest = await api.call('GET', `/audit?entity=user:${user.id}&cursor=${encodeURIComponent(page.body.nextCursor)}`, { token: adminToken });
    const entries = [...page.body.items, ...rest.body.items];
    expect(entries.map((entry) => entry.seq)).toEqual([1, 2, 3, 4]);
    expect(entries[0]).toMatchObject({ operation: 'createUser', entityType: 'user', entityId: user.id, beforeDigest: null, prevHash: '0'.repeat(64) });
    expect(entries[0].actor.roles).toEqual(['admin']);
    for (let i = 1; i < entries.length; i++) {
      expect(entries[i].prevHash).toBe(entries[i - 1].hash);
      expect(entries[i].beforeDigest).toBe(entries[i - 1].afterDigest);
    }
    const items = await auditItems(tenantId, user.id);
    expect(items.map((item) => item.gsi2pk)).toEqual(items.map((item) => `${tenantId}#AUDIT#${(item.at as string).slice(0, 10)}`));
  });

  it('writes the change, its audit entry and its outbox event in one transaction, or none of them', async () => {
    const { tenantId, adminToken } = await api.newTenant('outbox');
    const user = (await api.call('POST', '/users', { token: adminToken, body: { email: 'evt@outbox.example', displayName: 'Test Person', roles: ['staff'] } }))
      .body;
    const entity = await db().send(new GetCommand({ TableName: tableName(), Key: { pk: `${tenantId}#user#${user.id}`, sk: '#META' } }));
    const entries = await auditItems(tenantId, user.id);
    expect(entity.Item!.auditHash).toBe(entries[0]!.hash);
    const events = await outboxOf(tenantId);
    const created = events.find((event) => event.detailType === 'UserCreated' && event.detail.data.userId === user.id)!;
    expect(created.detail).toMatchObject({ tenantId, version: 1, correlationId: entries[0]!.requestId, data: { roles: ['staff'] } });
    expect(events.map((event) => event.detailType).sort()).toEqual(['TenantOnboarded', 'UserCreated', 'UserCreated']);

    // A change refused by a condition (e-mail taken) leaves no entity, no entry and no event behind.
    const auditBefore = await auditCount(tenantId);
    const refused = await api.call('POST', '/users', {
      token: adminToken,
      body: { email: 'evt@outbox.example', displayName: 'Test Person', roles: ['auditor'] },
    });
    expect(refused.status).toBe(409);
    expect(await outboxOf(tenantId)).toHaveLength(3);
    expect(await auditCount(tenantId)).toBe(auditBefore);
    // Three Scans of the whole shared table, which every other file fills meanwhile: minutes late in a full run.
  }, 120_000);

  it('verifies a clean window, then names the entry a direct table rewrite altered', async () => {
    const { tenantId, adminToken } = await api.newTenant('tamper');
    const auditor = await api.tokenFor(tenantId, 'inspector', ['auditor']);
    const user = await userWithHistory(api, adminToken, 'victim@tamper.example');
    const clean = await api.call('GET', '/audit/verify', { token: auditor });
    expect(clean.status).toBe(200);
    expect(clean.body).toMatchObject({ valid: true, brokenCount: 0 });
    expect(clean.body.entriesChecked).toBeGreaterThanOrEqual(4 + 3);

    const items = await auditItems(tenantId, user.id);
    const target = items[1]!;
    await db().send(new PutCommand({ TableName: tableName(), Item: { ...target, operation: 'createUser', reason: 'nothing to see' } }));
    const broken = await api.call('GET', '/audit/verify', { token: auditor });
    expect(broken.body.valid).toBe(false);
    expect(broken.body.firstBroken).toMatchObject({ entryId: target.entryId, entity: `user:${user.id}`, seq: 2 });
    expect(broken.body.firstBroken.problem).toContain('altered');
  });

  it('catches a rewrite whose hash was recomputed, by the chain link and by the entity head', async () => {
    const { tenantId, adminToken } = await api.newTenant('rehash');
    const user = await userWithHistory(api, adminToken, 'rehash@tamper.example');
    const items = await auditItems(tenantId, user.id);
    // A middle entry, rewritten with a fresh hash: its successor no longer links to it.
    const middle = { ...items[1]!, reason: 'rewritten' } as Record<string, unknown>;
    middle.hash = entryHash(middle as never);
    await db().send(new PutCommand({ TableName: tableName(), Item: middle }));
    const report = await api.call('GET', '/audit/verify', { token: adminToken });
    expect(report.body.valid).toBe(false);
    expect(report.body.firstBroken).toMatchObject({ entryId: middle.entryId, seq: 2 });

    // The last entry, rewritten with a fresh hash: the entity's head still names the original.
    const { tenantId: other, adminToken: otherToken } = await api.newTenant('rehash2');
    const victim = await userWithHistory(api, otherToken, 'last@tamper.example');
    const last = { ...(await auditItems(other, victim.id))[3]!, reason: 'rewritten' } as Record<string, unknown>;
    last.hash = entryHash(last as never);
    await db().send(new PutCommand({ TableName: tableName(), Item: last }));
    const lastReport = await api.call('GET', '/audit/verify', { token: otherToken });
    expect(lastReport.body.firstBroken).toMatchObject({ entryId: last.entryId, seq: 4 });
  });

  it('keeps audit reading to auditing roles', async () => {
    const { tenantId } = await api.newTenant('audrole');
    const staff = await api.tokenFor(tenantId, 'worker', ['staff', 'asset-owner']);
    expect((await api.call('GET', '/audit/verify', { token: staff })).status).toBe(403);
    expect((await api.call('GET', '/audit?entity=user:01JDQ8R6Z8W4X3N2K1M0P9Q7RS', { token: staff })).status).toBe(403);
  });
});
