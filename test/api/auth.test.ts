import { SignJWT, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_AUDIENCE, LOCAL_ISSUER } from '@ismf/local/identity';
import { startApi, type Api } from '../support/api.ts';

let api: Api;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.close());

describe('tokens', () => {
  it('serves health and the API document without a token', async () => {
    const health = await api.call('GET', '/health');
    expect(health.status).toBe(200);
    expect(health.body.status).toBe('ok');
    const document = await api.call('GET', '/openapi.json');
    expect(document.status).toBe(200);
    expect(document.body.openapi).toBe('3.1.0');
    expect(Object.keys(document.body.paths)).toEqual(expect.arrayContaining(['/users', '/users/{userId}', '/tenants', '/audit/verify']));
  });

  it('answers 401 without a token, with a forged one and with an expired one', async () => {
    const { tenantId } = await api.newTenant('auth');
    expect((await api.call('GET', '/users')).status).toBe(401);
    const { privateKey } = await generateKeyPair('ES256');
    const forged = await new SignJWT({ 'custom:tenant_id': tenantId, 'cognito:groups': ['admin'] })
      .setProtectedHeader({ alg: 'ES256', kid: api.identity.jwks.keys[0]!.kid! })
      .setSubject('intruder')
      .setIssuer(LOCAL_ISSUER)
      .setAudience(LOCAL_AUDIENCE)
      .setExpirationTime('1h')
      .sign(privateKey);
    const reply = await api.call('GET', '/users', { token: forged });
    expect(reply.status).toBe(401);
    expect(reply.headers.get('content-type')).toBe('application/problem+json');
    const expired = await api.identity.issue({ subject: 'x', tenantId, roles: ['admin'], ttlSeconds: -60 });
    expect((await api.call('GET', '/users', { token: expired })).status).toBe(401);
  });

  it('takes the tenant from the token only: a tenant named in a header, query or body is ignored', async () => {
    const a = await api.newTenant('claim-a');
    const b = await api.newTenant('claim-b');
    const reply = await api.call('GET', `/users?tenantId=${b.tenantId}`, { token: a.adminToken, headers: { 'x-tenant-id': b.tenantId } });
    expect(reply.status).toBe(400); // tenantId is no query parameter of this operation
    const list = await api.call('GET', '/users', { token: a.adminToken, headers: { 'x-tenant-id': b.tenantId } });
    expect(list.body.items.map((user: { email: string }) => user.email)).toEqual([`admin@${a.tenantId}.example`]);
  });

  it('refuses a well-signed token of a subject that is no user of the tenant', async () => {
    const { tenantId } = await api.newTenant('stranger');
    const token = await api.identity.issue({ subject: 'stranger', tenantId, roles: ['admin'] });
    const reply = await api.call('GET', '/users', { token });
    expect(reply.status).toBe(403);
    expect(reply.body.detail).toContain('not a user of the tenant');
  });

  it('refuses a token whose tenant was never onboarded', async () => {
    const token = await api.identity.issue({ subject: 'ghost', tenantId: 'never-onboarded', roles: ['admin'] });
    const reply = await api.call('GET', '/users', { token });
    expect(reply.status).toBe(403);
  });
});
