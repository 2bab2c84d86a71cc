// The dev-only endpoints of the local runtime, probed as a hostile web page or a careless client would:
// the token endpoint answers only a same-machine JSON request with a valid body, and the runtime's own
// views (events, executions, dead letters, jobs) only a platform operator.
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, uniqueSlug, type Api, type Reply } from '../support/api.ts';

let api: Api;
beforeAll(async () => {
  api = await startApi({ events: true });
});
afterAll(() => api.close());

const tenantExists = async (slug: string) => (await api.call('GET', `/tenants/${slug}`, { token: api.operator })).status === 200;

/** node:http, because fetch will not send a Host header of our choosing. */
function rawPost(path: string, headers: Record<string, string>, body: string): Promise<{ status: number; body: any }> {
  const url = new URL(path, api.url);
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method: 'POST', headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (response) => {
      let text = '';
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode!, body: JSON.parse(text) }));
    });
    request.on('error', reject);
    request.end(body);
  });
}

function expectField(reply: Reply, status: number, path: string) {
  expect(reply.status).toBe(status);
  expect(reply.body.errors.map((error: { path: string }) => error.path)).toContain(path);
}

describe('the local token endpoint', () => {
  it('mints a token for a same-machine JSON request', async () => {
    const slug = uniqueSlug('tok');
    const reply = await api.call('POST', '/_local/token', { body: { tenant: slug, user: 'dana', roles: ['auditor'] } });
    expect(reply.status).toBe(200);
    expect((await api.call('GET', '/users', { token: reply.body.token })).status).toBe(200);
  });

  it('refuses what a cross-site page can send: a simple content type, a foreign Origin, a foreign Host', async () => {
    const slug = uniqueSlug('csrf');
    const body = JSON.stringify({ tenant: slug, roles: ['admin'] });
    const form = await api.call('POST', '/_local/token', { rawBody: body, headers: { 'content-type': 'text/plain' } });
    expectField(form, 415, 'header.content-type');
    const origin = await api.call('POST', '/_local/token', { rawBody: body, headers: { 'content-type': 'application/json', origin: 'https://evil.example' } });
    expect(origin.status).toBe(403);
    // DNS rebinding: the page's own host name resolved to 127.0.0.1.
    const rebound = await rawPost('/_local/token', { host: 'evil.example:3000', 'content-type': 'application/json' }, body);
    expect(rebound.status).toBe(403);
    expect(await tenantExists(slug)).toBe(false);
  });

  it('validates its body: 400 naming the field, never a 500, nothing registered', async () => {
    const slug = uniqueSlug('val');
    const post = (body: Record<string, unknown>) => api.call('POST', '/_local/token', { body: { tenant: slug, ...body } });
    expectField(await post({ ttlSeconds: 'abc' }), 400, 'body.ttlSeconds');
    expectField(await post({ roles: 'admin' }), 400, 'body.roles');
    expectField(await post({ roles: ['root'] }), 400, 'body.roles.0');
    expectField(await post({ user: 'dana@x.example\r\nBcc: all@x.example' }), 400, 'body.user');
    expectField(await post({ isOperator: true }), 400, 'body.isOperator');
    expectField(await api.call('POST', '/_local/token', { body: { tenant: 'NOT A SLUG' } }), 400, 'body.tenant');
    expect(await tenantExists(slug)).toBe(false);
  });
});

describe('the local runtime views', () => {
  it('show every tenant’s events and executions to platform operators only', async () => {
    const { adminToken } = await api.newTenant('view');
    for (const [method, path] of [
      ['GET', '/_local/events'],
      ['GET', '/_local/executions'],
      ['GET', '/_local/dlq'],
      ['POST', '/_local/schedules/seal-audit-digest'],
    ] as const) {
      expect((await api.call(method, path)).status, `${method} ${path} without a token`).toBe(401);
      expect((await api.call(method, path, { token: adminToken })).status, `${method} ${path} as a tenant admin`).toBe(401);
    }
    const events = await api.call('GET', '/_local/events', { token: api.operator });
    expect(events.status).toBe(200);
    expect(Array.isArray(events.body.items)).toBe(true);
    expect((await api.call('GET', '/_local/executions', { token: api.operator })).status).toBe(200);
  });
});
