// Every kind of bad input: a problem+json 4xx naming the field, and nothing stored.
import { registry } from '@ismf/app/areas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type Api, type Reply } from '../support/api.ts';

const { operations } = registry;

let api: Api;
let tenant: { tenantId: string; adminToken: string; adminId: string };

beforeAll(async () => {
  api = await startApi();
  tenant = await api.newTenant('bad');
});
afterAll(() => api.close());

async function userCount(): Promise<number> {
  const list = await api.call('GET', '/users?limit=100', { token: tenant.adminToken });
  return list.body.items.length;
}

function expectProblem(reply: Reply, status: number, path?: string) {
  expect(reply.status).toBe(status);
  expect(reply.headers.get('content-type')).toBe('application/problem+json');
  expect(reply.body).toMatchObject({ status, type: expect.stringMatching(/^https:\/\//), title: expect.any(String), detail: expect.any(String) });
  if (path) expect(reply.body.errors.map((error: { path: string }) => error.path)).toContain(path);
}

describe('bad input', () => {
  it('malformed JSON, wrong content type, unknown and missing fields, wrong types', async () => {
    const before = await userCount();
    const token = tenant.adminToken;
    expectProblem(await api.call('POST', '/users', { token, rawBody: '{"email": ', headers: { 'content-type': 'application/json' } }), 400, 'body');
    expectProblem(
      await api.call('POST', '/users', { token, rawBody: 'email=a@b.c', headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
      415,
      'header.content-type',
    );
    expectProblem(await api.call('POST', '/users', { token, rawBody: '{}' }), 415, 'header.content-type');
    expectProblem(
      await api.call('POST', '/users', { token, body: { email: 'a@b.example', displayName: 'Test Person', roles: ['staff'], isAdmin: true } }),
      400,
      'body.isAdmin',
    );
    expectProblem(await api.call('POST', '/users', { token, body: { email: 'a@b.example' } }), 400, 'body.roles');
    expectProblem(
      await api.call('POST', '/users', { token, body: { email: 'a@b.example', displayName: 'Test Person', roles: ['root'] } }),
      400,
      'body.roles.0',
    );
    expectProblem(
      await api.call('POST', '/users', { token, body: { email: 'a@b.example', displayName: 'Test Person', roles: ['staff', 'staff'] } }),
      400,
      'body.roles',
    );
    expectProblem(await api.call('POST', '/users', { token, body: { email: 42, displayName: 'Test Person', roles: ['staff'] } }), 400, 'body.email');
    expectProblem(await api.call('POST', '/users', { token, body: ['not', 'an', 'object'] }), 400, 'body');
    expectProblem(await api.call('POST', '/users', { token, rawBody: '', headers: { 'content-type': 'application/json' } }), 400, 'body');
    expect(await userCount()).toBe(before);
  });

  it('refuses bodies over 5 MiB with 413', async () => {
    const before = await userCount();
    const huge = JSON.stringify({ email: 'big@b.example', roles: ['staff'], displayName: 'x'.repeat(5 * 1024 * 1024) });
    expectProblem(await api.call('POST', '/users', { token: tenant.adminToken, rawBody: huge, headers: { 'content-type': 'application/json' } }), 413, 'body');
    expect(await userCount()).toBe(before);
  });

  it('bad path, query and header values', async () => {
    const token = tenant.adminToken;
    expectProblem(await api.call('GET', '/users/not-a-ulid', { token }), 400, 'path.userId');
    expectProblem(await api.call('GET', '/users?limit=0', { token }), 400, 'query.limit');
    expectProblem(await api.call('GET', '/users?limit=101', { token }), 400, 'query.limit');
    expectProblem(await api.call('GET', '/users?limit=ten', { token }), 400, 'query.limit');
    expectProblem(await api.call('GET', '/users?sort=email', { token }), 400, 'query.sort');
    expectProblem(await api.call('GET', '/users?cursor=abc', { token }), 400, 'query.cursor');
    expectProblem(await api.call('GET', '/audit?entity=user', { token }), 400, 'query.entity');
    expectProblem(await api.call('GET', '/audit/verify?from=yesterday', { token }), 400, 'query.from');
    expectProblem(await api.call('GET', '/audit/verify?from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z', { token }), 400, 'query.to');
    expectProblem(await api.call('GET', '/audit/verify?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z', { token }), 400, 'query.from');
    expectProblem(
      await api.call('PATCH', `/users/${tenant.adminId}`, { token, body: { displayName: 'A' }, headers: { 'if-match': 'latest' } }),
      400,
      'header.if-match',
    );
    expectProblem(
      await api.call('POST', '/users', {
        token,
        body: { email: 'k@b.example', displayName: 'Test Person', roles: ['staff'] },
        headers: { 'idempotency-key': 'ä'.repeat(3) },
      }),
      400,
      'header.idempotency-key',
    );
    expectProblem(await api.call('PATCH', `/users/${tenant.adminId}`, { token, body: {}, headers: { 'if-match': '"1"' } }), 400, 'body');
  });

  it('reads strictly what a lenient parser would read two ways: weak or padded ETags, repeated or reserved JSON members, stray query parameters', async () => {
    const token = tenant.adminToken;
    const user = (await api.call('POST', '/users', { token, body: { email: 'strict@bad.example', displayName: 'Test Person', roles: ['staff'] } })).body;
    const patch = (ifMatch: string) => api.call('PATCH', `/users/${user.id}`, { token, body: { displayName: 'Strict' }, headers: { 'if-match': ifMatch } });
    // If-Match compares strongly (RFC 9110): a weak tag never matches, and "01" or 1 is no ETag we handed out.
    for (const tag of ['W/"1"', '"01"', '1', '"1", "2"']) expectProblem(await patch(tag), 400, 'header.if-match');
    expect((await api.call('GET', `/users/${user.id}`, { token })).body).toMatchObject({ version: 1 });
    expect((await patch('"1"')).status).toBe(200);

    const before = await userCount();
    const twice = await api.call('POST', '/users', {
      token,
      rawBody: '{"email":"first@bad.example","roles":["staff"],"email":"second@bad.example"}',
      headers: { 'content-type': 'application/json' },
    });
    expectProblem(twice, 400, 'body.email');
    const nestedTwice = await api.call('POST', '/users', {
      token,
      rawBody: '{"email":"n@bad.example","roles":["staff"],"managerId":null,"displayName":"N","x":{"a":1,"a":2}}',
      headers: { 'content-type': 'application/json' },
    });
    expectProblem(nestedTwice, 400, 'body.x.a');
    expect(await userCount()).toBe(before);

    const me = await api.call('PUT', '/me/notification-preferences', { token, body: { notifications: { 'approval-requested': 'daily-digest' } } });
    expect(me.status).toBe(200);
    const proto = await api.call('PUT', '/me/notification-preferences', {
      token,
      rawBody: '{"notifications":{"__proto__":{"approval-requested":"immediate"}}}',
      headers: { 'content-type': 'application/json' },
    });
    expectProblem(proto, 400, 'body.notifications.__proto__');
    const stray = await api.call('PUT', '/me/notification-preferences?mode=immediate', { token, body: { notifications: {} } });
    expectProblem(stray, 400, 'query.mode');
    expectProblem(await api.call('GET', `/users/${user.id}?expand=roles`, { token }), 400, 'query.expand');
    // Nothing of the refused requests was kept.
    expect((await api.call('GET', '/me/notification-preferences', { token })).body).toEqual({ notifications: { 'approval-requested': 'daily-digest' } });
  });

  it('answers unknown routes and methods with problems too', async () => {
    expectProblem(await api.call('GET', '/nothing-here', { token: tenant.adminToken }), 404);
    expectProblem(await api.call('DELETE', '/users', { token: tenant.adminToken }), 405);
  });

  it('refuses an unknown field on every operation that takes a body, storing nothing', async () => {
    const before = await userCount();
    for (const operation of operations.filter((candidate) => candidate.body)) {
      const path = operation.path
        .replace('{userId}', tenant.adminId)
        .replace('{tenantId}', tenant.tenantId)
        // A finding is named by its vulnerability's own id (a CVE id), not a ULID.
        .replace('{vulnerability}', 'CVE-2024-45296')
        .replace(/\{\w+Id\}/g, '01JDQ8R6Z8W4X3N2K1M0P9Q7RS');
      const token =
        operation.callers && 'roles' in operation.callers && operation.callers.roles.includes('platform-operator' as never) ? api.operator : tenant.adminToken;
      const body = { ...(operation.examples.body as object), unexpectedField: 1 };
      const reply = await api.call(operation.method, path, { token, body, headers: { 'if-match': '"1"' } });
      expectProblem(reply, 400, 'body.unexpectedField');
    }
    expect(await userCount()).toBe(before);
    expect((await api.call('GET', `/tenants/${tenant.tenantId}`, { token: api.operator })).body.status).toBe('active');
  });
});
