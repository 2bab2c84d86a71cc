// Change freezes (X.1052 12.2.4): declared, listed by end, ended with who and when kept in their history;
// an ended freeze no longer refuses windows. And the tenant's change settings: defaults until written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freezeAt } from '@ismf/change/freezes';
import { DEFAULT_CHANGE_SETTINGS } from '@ismf/change/rules';
import { startApi, type Api } from '../support/api.ts';

let api: Api;
let tenant: { tenantId: string; adminToken: string; adminId: string };
let manager: string;
let auditor: string;
let owner: string;

beforeAll(async () => {
  api = await startApi();
  tenant = await api.newTenant('frz');
  manager = await api.tokenFor(tenant.tenantId, 'manager', ['manager']);
  auditor = await api.tokenFor(tenant.tenantId, 'auditor', ['auditor']);
  owner = await api.tokenFor(tenant.tenantId, 'owner', ['asset-owner']);
}, 60_000);
afterAll(() => api.close());

const freeze = (name: string, start: string, end: string) => ({ name, start, end, reason: 'peak season' });

describe('change freezes', () => {
  it('are declared, listed by end from a date, read, and ended with the history showing who ended them', async () => {
    const created = await api.call('POST', '/change-freezes', { token: manager, body: freeze('Year end', '2031-12-20T00:00:00Z', '2032-01-03T00:00:00Z') });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/change-freezes/${created.body.id}`);
    // Stored as instants: text order is time order.
    expect(created.body).toMatchObject({
      status: 'active',
      start: '2031-12-20T00:00:00.000Z',
      createdByPerson: { email: expect.stringContaining('manager@') },
    });
    const later = await api.call('POST', '/change-freezes', { token: manager, body: freeze('Launch', '2032-03-01T00:00:00Z', '2032-03-08T00:00:00Z') });
    const names = async (query = '') =>
      (await api.call('GET', `/change-freezes${query}`, { token: auditor })).body.items.map((item: { name: string }) => item.name);
    expect(await names()).toEqual(['Year end', 'Launch']);
    expect(await names('?from=2032-02-01T00:00:00Z')).toEqual(['Launch']);

    expect(await freezeAt(tenant.tenantId, { start: '2032-03-07T22:00:00.000Z', end: '2032-03-08T02:00:00.000Z' })).toMatchObject({ id: later.body.id });
    expect(await freezeAt(tenant.tenantId, { start: '2032-03-08T00:00:00.000Z', end: '2032-03-08T02:00:00.000Z' })).toBeUndefined();
    expect(await freezeAt(tenant.tenantId, { start: '2032-02-27T00:00:00.000Z', end: '2032-03-01T00:00:00.000Z' })).toBeUndefined();

    expect(
      (await api.call('POST', `/change-freezes/${later.body.id}/cancellation`, { token: owner, body: { reason: 'moved' }, headers: { 'if-match': '"1"' } }))
        .status,
    ).toBe(403);
    expect(
      (await api.call('POST', `/change-freezes/${later.body.id}/cancellation`, { token: manager, body: { reason: 'moved' }, headers: { 'if-match': '"7"' } }))
        .status,
    ).toBe(412);
    expect((await api.call('POST', `/change-freezes/${later.body.id}/cancellation`, { token: manager, body: { reason: 'moved' } })).status).toBe(428);
    const ended = await api.call('POST', `/change-freezes/${later.body.id}/cancellation`, {
      token: tenant.adminToken,
      body: { reason: 'the launch moved' },
      headers: { 'if-match': '"1"' },
    });
    expect(ended.status).toBe(200);
    expect(ended.body).toMatchObject({
      status: 'cancelled',
      version: 2,
      cancelledBy: expect.any(String),
      cancelledByPerson: { email: expect.stringContaining('admin@') },
    });
    expect(
      (await api.call('POST', `/change-freezes/${later.body.id}/cancellation`, { token: manager, body: { reason: 'moved' }, headers: { 'if-match': '"2"' } }))
        .status,
    ).toBe(409);
    expect(await names()).toEqual(['Year end']);
    expect(await freezeAt(tenant.tenantId, { start: '2032-03-02T00:00:00.000Z', end: '2032-03-02T02:00:00.000Z' })).toBeUndefined();
    expect((await api.call('GET', `/change-freezes/${later.body.id}`, { token: auditor })).body.status).toBe('cancelled');
    const history = await api.call('GET', `/audit?entity=change-freeze:${later.body.id}`, { token: tenant.adminToken });
    expect(history.body.items.map((entry: { operation: string }) => entry.operation)).toEqual(['createChangeFreeze', 'endChangeFreeze']);
    expect(history.body.items[1]).toMatchObject({ reason: 'the launch moved' });
  });

  it('refuses a freeze that ends before it starts, and roles that do not keep freezes', async () => {
    const bad = await api.call('POST', '/change-freezes', { token: manager, body: freeze('Backwards', '2031-02-02T00:00:00Z', '2031-02-01T00:00:00Z') });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((error: { path: string }) => error.path)).toEqual(['body.end']);
    expect((await api.call('POST', '/change-freezes', { token: auditor, body: freeze('Mine', '2031-02-01T00:00:00Z', '2031-02-02T00:00:00Z') })).status).toBe(
      403,
    );
  });
});

describe('change settings', () => {
  it('are the defaults until written, then versions; only administrators and security officers write them', async () => {
    const initial = await api.call('GET', '/change-settings', { token: auditor });
    expect(initial.body).toEqual({ ...DEFAULT_CHANGE_SETTINGS, version: 0 });
    expect(initial.body).toMatchObject({ emergencyAuthorizerRole: 'manager', emergencyReviewDays: 5, reviewDays: 7, maxWindowHours: 72 });
    expect((await api.call('PUT', '/change-settings', { token: manager, body: { maxWindowHours: 24 }, headers: { 'if-match': '"0"' } })).status).toBe(403);
    expect((await api.call('PUT', '/change-settings', { token: tenant.adminToken, body: { maxWindowHours: 24 }, headers: { 'if-match': '"1"' } })).status).toBe(
      412,
    );
    const set = await api.call('PUT', '/change-settings', {
      token: tenant.adminToken,
      body: { maxWindowHours: 24, authorization: { normal: { role: 'security-officer', quorum: 2 } } },
      headers: { 'if-match': '"0"' },
    });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body).toMatchObject({
      version: 1,
      maxWindowHours: 24,
      reviewDays: 7,
      authorization: { normal: { role: 'security-officer', quorum: 2 }, emergency: { quorum: 1 } },
    });
    expect((await api.call('PUT', '/change-settings', { token: tenant.adminToken, body: {}, headers: { 'if-match': '"0"' } })).status).toBe(412);
    const invalid = await api.call('PUT', '/change-settings', { token: tenant.adminToken, body: { maxWindowHours: 0 }, headers: { 'if-match': '"1"' } });
    expect(invalid.status).toBe(400);

    // The window rule follows the setting.
    const asset = (
      await api.call('POST', '/assets', {
        token: tenant.adminToken,
        body: {
          name: 'Settings router',
          type: 'physical',
          owner: tenant.adminId,
          classification: 'internal',
          confidentiality: 1,
          integrity: 1,
          availability: 1,
        },
      })
    ).body;
    const long = await api.call('POST', '/change-requests', {
      token: tenant.adminToken,
      body: { title: 't', reason: 'r', class: 'normal', assets: [asset.id], requestedWindow: { start: '2031-01-01T00:00:00Z', end: '2031-01-02T01:00:00Z' } },
    });
    expect(long.status).toBe(422);
    expect(long.body.errors.map((error: { path: string }) => error.path)).toEqual(['body.requestedWindow.end']);
  });
});
