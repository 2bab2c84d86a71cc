// HTTP conventions a client relies on: the request id on every answer (and as a problem's `instance`),
// WWW-Authenticate on a 401 telling an expired token from an invalid one (RFC 6750 3), Allow on a 405
// (RFC 9110 15.5.6), and 304 for a read of the version the caller holds already (RFC 9110 13.1.2).
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { devToken } from '@ismf/platform/dev-identity';
import { startApi, type Api } from '../support/api.ts';

let api: Api;
let tenant: { tenantId: string; adminToken: string; adminId: string };
beforeAll(async () => {
  api = await startApi();
  tenant = await api.newTenant('http');
});
afterAll(() => api.close());

describe('HTTP conventions', () => {
  it('carries the request id on every answer, and a problem names it as its instance', async () => {
    const ok = await api.call('GET', `/users/${tenant.adminId}`, { token: tenant.adminToken });
    expect(ok.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const refused = await api.call('GET', '/users/01JDQ8R6Z8W4X3N2K1M0P9Q7RS', { token: tenant.adminToken });
    expect(refused.status).toBe(404);
    expect(refused.body.instance).toBe(refused.headers.get('x-request-id'));
    // Route-level answers too (no function ran): an unknown route, a missing token.
    for (const reply of [await api.call('GET', '/no-such-route', { token: tenant.adminToken }), await api.call('GET', '/users')]) {
      expect(reply.body.instance).toEqual(expect.any(String));
      expect(reply.headers.get('x-request-id')).toBe(reply.body.instance);
    }
    expect(ok.headers.get('x-request-id')).not.toBe(refused.headers.get('x-request-id'));
  });

  it('says Bearer on a 401, and whether the token expired or is not valid', async () => {
    const none = await api.call('GET', '/users');
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="ismf"');
    const forged = await api.call('GET', '/users', { token: `${tenant.adminToken.slice(0, -4)}AAAA` });
    expect(forged.headers.get('www-authenticate')).toBe('Bearer realm="ismf", error="invalid_token", error_description="the token is not valid"');
    expect(forged.body.detail).toBe('the token is not valid');
    const issued = (await devToken(api.identity, { tenant: tenant.tenantId, user: `admin@${tenant.tenantId}.example`, ttlSeconds: 60 })).token;
    const [, payload] = issued.split('.');
    // A token of ours whose time is up: issued with a minute to live, presented two minutes on.
    const { exp } = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as { exp: number };
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime((exp + 120) * 1000);
    try {
      const expired = await api.call('GET', '/users', { token: issued });
      expect(expired.status).toBe(401);
      expect(expired.headers.get('www-authenticate')).toContain('error="invalid_token", error_description="the token has expired"');
    } finally {
      vi.useRealTimers();
    }
  });

  it('answers 405 with the methods the resource has', async () => {
    const reply = await api.call('DELETE', `/users/${tenant.adminId}`, { token: tenant.adminToken });
    expect(reply.status).toBe(405);
    expect(reply.headers.get('allow')).toBe('GET, PATCH');
    expect(reply.body.type).toBe('https://ismf.dev/problems/method-not-allowed');
  });

  it('answers 304 to a read of the version the caller holds, and the record when it changed', async () => {
    const first = await api.call('GET', `/users/${tenant.adminId}`, { token: tenant.adminToken });
    const tag = first.headers.get('etag')!;
    const same = await api.call('GET', `/users/${tenant.adminId}`, { token: tenant.adminToken, headers: { 'if-none-match': tag } });
    expect(same.status).toBe(304);
    expect(same.body).toBeUndefined();
    expect(same.headers.get('etag')).toBe(tag);
    // Weak comparison: W/"1" names the same version; a list may hold it among others.
    expect((await api.call('GET', `/users/${tenant.adminId}`, { token: tenant.adminToken, headers: { 'if-none-match': `"9", W/${tag}` } })).status).toBe(304);
    await api.call('PATCH', `/users/${tenant.adminId}`, { token: tenant.adminToken, body: { jobTitle: 'CISO' }, headers: { 'if-match': tag } });
    const changed = await api.call('GET', `/users/${tenant.adminId}`, { token: tenant.adminToken, headers: { 'if-none-match': tag } });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ jobTitle: 'CISO' });
    // Another tenant's record is a 404 whatever the caller names.
    const other = await api.newTenant('http-b');
    expect((await api.call('GET', `/users/${tenant.adminId}`, { token: other.adminToken, headers: { 'if-none-match': '*' } })).status).toBe(404);
  });
});

describe('cross-origin calls, locally as API Gateway answers them', () => {
  it('answers the preflight of a configured origin, and none other; answers carry the allow and expose headers', async () => {
    const { startLocalServer } = await import('@ismf/local/server');
    const { registry } = await import('@ismf/app/areas');
    const server = await startLocalServer({
      port: 0,
      identity: api.identity,
      root: resolve(import.meta.dirname, '../..'),
      operations: registry.operations,
      corsOrigins: ['https://console.acme-telecom.example'],
    });
    try {
      const preflight = (origin: string) =>
        fetch(`${server.url}/users`, {
          method: 'OPTIONS',
          headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
        });
      const allowed = await preflight('https://console.acme-telecom.example');
      expect(allowed.status).toBe(204);
      expect(allowed.headers.get('access-control-allow-origin')).toBe('https://console.acme-telecom.example');
      expect(allowed.headers.get('access-control-allow-headers')).toContain('authorization');
      expect(allowed.headers.get('access-control-allow-methods')).toContain('PATCH');
      const foreign = await preflight('https://evil.example');
      expect(foreign.status).toBe(204);
      expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
      // Held to the contract like any answer (the preflights above are the gateway's, outside it).
      const answer = await api.fetch(`${server.url}/users`, {
        headers: { origin: 'https://console.acme-telecom.example', authorization: `Bearer ${tenant.adminToken}` },
      });
      expect(answer.status).toBe(200);
      expect(answer.headers.get('access-control-allow-origin')).toBe('https://console.acme-telecom.example');
      expect(answer.headers.get('access-control-expose-headers')).toContain('x-request-id');
      expect(answer.headers.get('vary')).toBe('Origin');
    } finally {
      await server.close();
    }
    // The default stack allows no origin: no CORS headers at all.
    const plain = await api.fetch(`${api.url}/users`, {
      headers: { origin: 'https://console.acme-telecom.example', authorization: `Bearer ${tenant.adminToken}` },
    });
    expect(plain.headers.get('access-control-allow-origin')).toBeNull();
  });
});
