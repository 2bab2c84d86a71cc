import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, uniqueSlug, type Api } from '../support/api.ts';

let api: Api;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.close());

describe('tenants (platform operators)', () => {
  it('onboards a tenant with its first administrator, lists and reads it', async () => {
    const slug = uniqueSlug('onb');
    const created = await api.call('POST', '/tenants', {
      token: api.operator,
      body: { slug, name: 'ACME Telecom', adminEmail: 'CISO@Acme.Example' },
    });
    expect(created.status).toBe(201);
    expect(created.body.tenant).toMatchObject({ id: slug, name: 'ACME Telecom', status: 'active', adminEmail: 'ciso@acme.example', version: 1 });
    expect(created.body.admin).toMatchObject({ email: 'ciso@acme.example', roles: ['admin'], status: 'active' });
    expect(created.body.admin).not.toHaveProperty('subject');

    const read = await api.call('GET', `/tenants/${slug}`, { token: api.operator });
    expect(read.status).toBe(200);
    expect(read.headers.get('etag')).toBe('"1"');

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await api.call('GET', `/tenants?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token: api.operator });
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((tenant: { id: string }) => tenant.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toContain(slug);

    // The first administrator can work in the new tenant at once.
    const adminToken = await api.tokenFor(slug, 'ciso@acme.example', ['admin']);
    const users = await api.call('GET', '/users', { token: adminToken });
    expect(users.status).toBe(200);
    expect(users.body.items.map((user: { email: string }) => user.email)).toEqual(['ciso@acme.example']);
  });

  it('refuses a taken slug with 409 naming the field', async () => {
    const slug = uniqueSlug('dup');
    const body = { slug, name: 'One', adminEmail: 'a@one.example' };
    expect((await api.call('POST', '/tenants', { token: api.operator, body })).status).toBe(201);
    const again = await api.call('POST', '/tenants', { token: api.operator, body: { ...body, name: 'Two' } });
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toBe('application/problem+json');
    expect(again.body.errors).toEqual([{ path: 'body.slug', message: 'already taken' }]);
    expect((await api.call('GET', `/tenants/${slug}`, { token: api.operator })).body.name).toBe('One');
  });

  it('replays an idempotent onboarding and refuses the same key with another body', async () => {
    const slug = uniqueSlug('idem');
    const key = `onboard-${slug}`;
    const body = { slug, name: 'Idem', adminEmail: 'a@idem.example' };
    const first = await api.call('POST', '/tenants', { token: api.operator, body, headers: { 'idempotency-key': key } });
    const retry = await api.call('POST', '/tenants', { token: api.operator, body, headers: { 'idempotency-key': key } });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);
    const otherSlug = uniqueSlug('idem2');
    const other = await api.call('POST', '/tenants', {
      token: api.operator,
      body: { ...body, slug: otherSlug },
      headers: { 'idempotency-key': key },
    });
    expect(other.status).toBe(422);
    expect(other.body.errors[0].path).toBe('header.idempotency-key');
    expect((await api.call('GET', `/tenants/${otherSlug}`, { token: api.operator })).status).toBe(404);
  });

  it('refuses invalid tenants with 400 naming each field, and stores nothing', async () => {
    const reply = await api.call('POST', '/tenants', {
      token: api.operator,
      body: { slug: 'Bad_Slug', name: '', adminEmail: 'not-an-email' },
    });
    expect(reply.status).toBe(400);
    expect(reply.body.errors.map((error: { path: string }) => error.path).sort()).toEqual(['body.adminEmail', 'body.name', 'body.slug']);
    expect((await api.call('GET', '/tenants/bad-slug', { token: api.operator })).status).toBe(404);
  });

  it('disables a tenant: its users are refused, its data kept, a second disable is a conflict', async () => {
    const { tenantId, adminToken } = await api.newTenant('dis');
    expect((await api.call('GET', '/users', { token: adminToken })).status).toBe(200);
    const disabled = await api.call('POST', `/tenants/${tenantId}/disablement`, { token: api.operator, body: { reason: 'contract ended' } });
    expect(disabled.status).toBe(200);
    expect(disabled.body).toMatchObject({ status: 'disabled', disabledReason: 'contract ended', version: 2 });
    const refused = await api.call('GET', '/users', { token: adminToken });
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toContain('disabled');
    const again = await api.call('POST', `/tenants/${tenantId}/disablement`, { token: api.operator, body: { reason: 'again' } });
    expect(again.status).toBe(409);
    expect((await api.call('POST', '/tenants/no-such-tenant/disablement', { token: api.operator, body: { reason: 'x' } })).status).toBe(404);
  });

  it('keeps platform operations for operators and tenant operations for tenant users', async () => {
    const { adminToken } = await api.newTenant('roles');
    for (const [method, path] of [
      ['GET', '/tenants'],
      ['POST', '/tenants'],
      ['GET', '/tenants/some-tenant'],
    ] as const) {
      const reply = await api.call(method, path, { token: adminToken, body: method === 'POST' ? {} : undefined });
      expect(reply.status, `${method} ${path}`).toBe(403);
    }
    expect((await api.call('GET', '/users', { token: api.operator })).status).toBe(403);
  });
});
