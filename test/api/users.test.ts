import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db, tableName } from '@ismf/store/client';
import { keys } from '@ismf/store/keys';
import { startApi, type Api } from '../support/api.ts';

let api: Api;
let tenant: { tenantId: string; adminToken: string; adminId: string };
beforeAll(async () => {
  api = await startApi();
  tenant = await api.newTenant('usr');
});
afterAll(() => api.close());

async function register(email: string, roles: string[] = ['staff']) {
  const reply = await api.call('POST', '/users', { token: tenant.adminToken, body: { email, displayName: 'Test Person', roles } });
  expect(reply.status).toBe(201);
  return reply;
}

describe('the user directory (tenant admins)', () => {
  it('registers, reads and lists users, with ETag and Location', async () => {
    const created = await register('Dana@Example.com', ['security-officer', 'auditor']);
    expect(created.body).toMatchObject({ email: 'dana@example.com', roles: ['security-officer', 'auditor'], status: 'active', version: 1 });
    expect(created.headers.get('location')).toBe(`/users/${created.body.id}`);
    expect(created.headers.get('etag')).toBe('"1"');
    const read = await api.call('GET', `/users/${created.body.id}`, { token: tenant.adminToken });
    expect(read.body).toEqual(created.body);
    const list = await api.call('GET', '/users?limit=100', { token: tenant.adminToken });
    expect(list.body.items.map((user: { email: string }) => user.email)).toContain('dana@example.com');
  });

  it('pages with an opaque cursor and refuses a tampered one', async () => {
    for (const name of ['p1', 'p2', 'p3']) await register(`${name}@page.example`);
    const first = await api.call('GET', '/users?limit=2', { token: tenant.adminToken });
    expect(first.body.items).toHaveLength(2);
    const cursor: string = first.body.nextCursor;
    expect(cursor).toBeTypeOf('string');
    const second = await api.call('GET', `/users?limit=2&cursor=${encodeURIComponent(cursor)}`, { token: tenant.adminToken });
    expect(second.status).toBe(200);
    expect(second.body.items[0].id > first.body.items[1].id).toBe(true);

    const [payload, mac] = cursor.split('.');
    const decoded = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    decoded.k.gsi1sk = '0';
    const forged = `${Buffer.from(JSON.stringify(decoded)).toString('base64url')}.${mac}`;
    const refused = await api.call('GET', `/users?limit=2&cursor=${encodeURIComponent(forged)}`, { token: tenant.adminToken });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([{ path: 'query.cursor', message: 'invalid or tampered cursor' }]);
    // Another tenant cannot use this tenant's cursor either.
    const other = await api.newTenant('usr2');
    const elsewhere = await api.call('GET', `/users?limit=2&cursor=${encodeURIComponent(cursor)}`, { token: other.adminToken });
    expect(elsewhere.status).toBe(400);
  });

  it('refuses a second user with the same e-mail in the tenant', async () => {
    await register('same@dup.example');
    const again = await api.call('POST', '/users', {
      token: tenant.adminToken,
      body: { email: 'SAME@dup.example', displayName: 'Test Person', roles: ['staff'] },
    });
    expect(again.status).toBe(409);
    expect(again.body.errors).toEqual([{ path: 'body.email', message: 'already in use' }]);
  });

  it('replays an idempotent registration; another body under the key is 422', async () => {
    const headers = { 'idempotency-key': 'reg-idem-1' };
    const body = { email: 'idem@users.example', displayName: 'Idem Potent', roles: ['staff'] };
    const first = await api.call('POST', '/users', { token: tenant.adminToken, body, headers });
    const retry = await api.call('POST', '/users', { token: tenant.adminToken, body, headers });
    expect([first.status, retry.status]).toEqual([201, 200]);
    expect(retry.body.id).toBe(first.body.id);
    const other = await api.call('POST', '/users', { token: tenant.adminToken, body: { ...body, email: 'idem2@users.example' }, headers });
    expect(other.status).toBe(422);
    const list = await api.call('GET', '/users?limit=100', { token: tenant.adminToken });
    expect(list.body.items.filter((user: { email: string }) => user.email.startsWith('idem'))).toHaveLength(1);
  });

  it('changes roles with If-Match, keeps the reason in the audit trail, and refuses stale or missing versions', async () => {
    const user = (await register('roles@patch.example')).body;
    const missing = await api.call('PATCH', `/users/${user.id}`, { token: tenant.adminToken, body: { roles: ['auditor'] } });
    expect(missing.status).toBe(428);
    const changed = await api.call('PATCH', `/users/${user.id}`, {
      token: tenant.adminToken,
      body: { roles: ['auditor'], displayName: 'Robin', jobTitle: 'Internal auditor', reason: 'moves to audit' },
      headers: { 'if-match': '"1"', 'content-type': 'application/merge-patch+json' },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ roles: ['auditor'], displayName: 'Robin', jobTitle: 'Internal auditor', version: 2 });
    expect(changed.headers.get('etag')).toBe('"2"');
    const stale = await api.call('PATCH', `/users/${user.id}`, { token: tenant.adminToken, body: { roles: ['staff'] }, headers: { 'if-match': '"1"' } });
    expect(stale.status).toBe(412);
    // A job title can be removed; a name cannot (every user is called something).
    const unnamed = await api.call('PATCH', `/users/${user.id}`, { token: tenant.adminToken, body: { displayName: null }, headers: { 'if-match': '"2"' } });
    expect(unnamed.status).toBe(400);
    expect(unnamed.body.errors.map((error: { path: string }) => error.path)).toContain('body.displayName');
    const removed = await api.call('PATCH', `/users/${user.id}`, { token: tenant.adminToken, body: { jobTitle: null }, headers: { 'if-match': '"2"' } });
    expect(removed.body).not.toHaveProperty('jobTitle');
    expect(removed.body).toMatchObject({ displayName: 'Robin' });
    const audit = await api.call('GET', `/audit?entity=user:${user.id}`, { token: tenant.adminToken });
    expect(audit.body.items.map((entry: { operation: string }) => entry.operation)).toEqual(['createUser', 'updateUser', 'updateUser']);
    expect(audit.body.items[1].reason).toBe('moves to audit');
  });

  it('lets exactly one of several concurrent PATCHes of one version win', async () => {
    const user = (await register('race@patch.example')).body;
    const replies = await Promise.all(
      ['auditor', 'manager', 'isirt', 'asset-owner', 'staff', 'security-officer'].map((role) =>
        api.call('PATCH', `/users/${user.id}`, { token: tenant.adminToken, body: { roles: [role] }, headers: { 'if-match': '"1"' } }),
      ),
    );
    const statuses = replies.map((reply) => reply.status).sort();
    expect(statuses).toEqual([200, 412, 412, 412, 412, 412]);
    const winner = replies.find((reply) => reply.status === 200)!;
    const now = await api.call('GET', `/users/${user.id}`, { token: tenant.adminToken });
    expect(now.body).toMatchObject({ version: 2, roles: winner.body.roles });
  });

  it('disables a user, whose token is refused from then on, and keeps an admin from locking themself out', async () => {
    const user = (await register('leaver@patch.example', ['auditor'])).body;
    const leaverToken = await api.tokenFor(tenant.tenantId, 'leaver@patch.example', ['auditor']);
    expect((await api.call('GET', '/users', { token: leaverToken })).status).toBe(200);
    const disabled = await api.call('PATCH', `/users/${user.id}`, {
      token: tenant.adminToken,
      body: { status: 'disabled', reason: 'left the company' },
      headers: { 'if-match': '"1"' },
    });
    expect(disabled.body.status).toBe('disabled');
    const refused = await api.call('GET', '/users', { token: leaverToken });
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toContain('disabled');
    const admin = await api.call('GET', `/users/${tenant.adminId}`, { token: tenant.adminToken });
    const self = await api.call('PATCH', `/users/${tenant.adminId}`, {
      token: tenant.adminToken,
      body: { status: 'disabled' },
      headers: { 'if-match': admin.headers.get('etag')! },
    });
    expect(self.status).toBe(409);
    expect(self.body.errors[0].path).toBe('body.status');
  });

  it('authorizes with the roles the directory holds now: a demoted admin’s older token creates nobody', async () => {
    const boss = (await register('boss@demote.example', ['admin', 'auditor'])).body;
    const bossToken = await api.tokenFor(tenant.tenantId, 'boss@demote.example', ['admin', 'auditor']);
    expect((await api.call('GET', '/users', { token: bossToken })).status).toBe(200);
    const demoted = await api.call('PATCH', `/users/${boss.id}`, {
      token: tenant.adminToken,
      body: { roles: ['staff'], reason: 'moved to another post' },
      headers: { 'if-match': '"1"' },
    });
    expect(demoted.status).toBe(200);
    // The token still says admin and auditor; the directory no longer does.
    const created = await api.call('POST', '/users', {
      token: bossToken,
      body: { email: 'puppet@demote.example', displayName: 'Test Person', roles: ['admin'] },
    });
    expect(created.status).toBe(403);
    expect((await api.call('GET', '/users', { token: bossToken })).status).toBe(403);
    const list = await api.call('GET', '/users?limit=100', { token: tenant.adminToken });
    expect(list.body.items.map((user: { email: string }) => user.email)).not.toContain('puppet@demote.example');
  });

  it('records the effective roles of the actor, not the token’s', async () => {
    const dual = (await register('dual@demote.example', ['admin', 'auditor'])).body;
    const dualToken = await api.tokenFor(tenant.tenantId, 'dual@demote.example', ['admin', 'auditor']);
    await api.call('PATCH', `/users/${dual.id}`, { token: tenant.adminToken, body: { roles: ['admin'] }, headers: { 'if-match': '"1"' } });
    const created = await api.call('POST', '/users', {
      token: dualToken,
      body: { email: 'hired@demote.example', displayName: 'Test Person', roles: ['staff'] },
    });
    expect(created.status).toBe(201);
    const trail = await api.call('GET', `/audit?entity=user:${created.body.id}`, { token: tenant.adminToken });
    expect(trail.body.items[0].actor.roles).toEqual(['admin']);
  });

  it('reads the roles from the directory entry when a sign-in record predates them', async () => {
    const old = (await register('old@demote.example', ['auditor'])).body;
    const oldToken = await api.tokenFor(tenant.tenantId, 'old@demote.example', ['auditor', 'admin']);
    // tokenFor made the directory say auditor and admin; a record written before roles were kept has neither.
    const key = keys.signIn(tenant.tenantId, old.id);
    const record = (await db().send(new GetCommand({ TableName: tableName(), Key: key }))).Item!;
    const { roles: _roles, ...legacy } = record;
    expect(record.roles).toEqual(['auditor', 'admin']);
    await db().send(new PutCommand({ TableName: tableName(), Item: legacy }));
    expect((await api.call('GET', '/users', { token: oldToken })).status).toBe(200);
    expect(
      (await api.call('POST', '/users', { token: oldToken, body: { email: 'fromold@demote.example', displayName: 'Test Person', roles: ['staff'] } })).status,
    ).toBe(201);
  });

  it('lets only the roles the catalogue lists act', async () => {
    const staff = await api.tokenFor(tenant.tenantId, 'staffer', ['staff']);
    const officer = await api.tokenFor(tenant.tenantId, 'officer', ['security-officer']);
    const auditor = await api.tokenFor(tenant.tenantId, 'auditor1', ['auditor']);
    expect((await api.call('GET', '/users', { token: staff })).status).toBe(403);
    expect((await api.call('GET', '/users', { token: officer })).status).toBe(200);
    expect((await api.call('GET', '/users', { token: auditor })).status).toBe(200);
    const denied = await api.call('POST', '/users', { token: officer, body: { email: 'x@denied.example', displayName: 'Test Person', roles: ['staff'] } });
    expect(denied.status).toBe(403);
    expect(denied.body.detail).toContain('admin');
    const list = await api.call('GET', '/users?limit=100', { token: tenant.adminToken });
    expect(list.body.items.map((user: { email: string }) => user.email)).not.toContain('x@denied.example');
  });
});
