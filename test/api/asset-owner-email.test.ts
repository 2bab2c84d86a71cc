// An asset's owner named by e-mail address as well as by id (POST, PATCH, a review's changes): stored as
// the user's id, refused naming the field when no active user of the tenant has the address.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type Api } from '../support/api.ts';

let api: Api;
let tenant: { tenantId: string; adminToken: string; adminId: string };
let owner: { token: string; id: string; email: string };
beforeAll(async () => {
  api = await startApi();
  tenant = await api.newTenant('own');
  const email = `olga@${tenant.tenantId}.example`;
  const token = await api.tokenFor(tenant.tenantId, email, ['asset-owner']);
  const users = (await api.call('GET', '/users?limit=100', { token: tenant.adminToken })).body.items as { id: string; email: string }[];
  owner = { token, email, id: users.find((user) => user.email === email)!.id };
});
afterAll(() => api.close());

const asset = (ownerRef: string) => ({
  name: 'Edge router',
  type: 'physical',
  owner: ownerRef,
  classification: 'internal',
  confidentiality: 2,
  integrity: 3,
  availability: 4,
});

describe('an asset’s owner by e-mail', () => {
  it('is stored as the user’s id, in POST, PATCH and a review', async () => {
    const created = await api.call('POST', '/assets', { token: tenant.adminToken, body: asset(owner.email.toUpperCase()) });
    expect(created.status).toBe(201);
    expect(created.body.owner).toBe(owner.id);
    const adminEmail = `admin@${tenant.tenantId}.example`;
    const patched = await api.call('PATCH', `/assets/${created.body.id}`, {
      token: tenant.adminToken,
      body: { owner: adminEmail, reason: 'handover' },
      headers: { 'if-match': '"1"' },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.owner).toBe(tenant.adminId);
    const reviewed = await api.call('POST', `/assets/${created.body.id}/reviews`, {
      token: tenant.adminToken,
      body: { outcome: 'updated', changes: { owner: owner.email } },
    });
    expect(reviewed.status).toBe(200);
    expect(reviewed.body.owner).toBe(owner.id);
  });

  it('lets an asset owner name themself by e-mail, and no one else', async () => {
    expect((await api.call('POST', '/assets', { token: owner.token, body: asset(owner.email) })).status).toBe(201);
    expect((await api.call('POST', '/assets', { token: owner.token, body: asset(`admin@${tenant.tenantId}.example`) })).status).toBe(403);
  });

  it('is refused naming the field when no user of the tenant has the address, or it is neither id nor address', async () => {
    const before = (await api.call('GET', '/assets?limit=100', { token: tenant.adminToken })).body.items.length;
    const unknown = await api.call('POST', '/assets', { token: tenant.adminToken, body: asset('nobody@elsewhere.example') });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors).toEqual([{ path: 'body.owner', message: 'no user of the tenant has this e-mail address' }]);
    const neither = await api.call('POST', '/assets', { token: tenant.adminToken, body: asset('olga') });
    expect(neither.status).toBe(400);
    expect(neither.body.errors.map((error: { path: string }) => error.path)).toContain('body.owner');
    expect((await api.call('GET', '/assets?limit=100', { token: tenant.adminToken })).body.items.length).toBe(before);
  });

  it('does not reach another tenant’s user by their address', async () => {
    const other = await api.newTenant('own-b');
    const reply = await api.call('POST', '/assets', { token: tenant.adminToken, body: asset(`admin@${other.tenantId}.example`) });
    expect(reply.status).toBe(422);
    expect(reply.body.errors[0].path).toBe('body.owner');
  });
});
