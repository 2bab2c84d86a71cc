// Dependencies between assets: set with a reason, read both ways, no self, no cycle, no other tenant's
// assets; what depends on an asset raises its importance by the tenant's rule, with the reason shown,
// its review brought forward, and the raise travelling down the chain.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ASSET_POLICY } from '@ismf/assets/rules';
import { startApi, type Api } from '../support/api.ts';
import { eventually } from '../support/eventually.ts';
import { approvedPolicyChange } from '../support/policy-change.ts';

let api: Api;
let tenant: { tenantId: string; adminToken: string; adminId: string };

beforeAll(async () => {
  api = await startApi({ events: true });
  tenant = await api.newTenant('deps');
  api.relay!.start();
}, 60_000);
afterAll(() => api.close());

type Asset = { id: string; version: number; importance: number; nextReviewDue: string; importanceRaise?: unknown; createdAt: string };

async function register(name: string, cia: [number, number, number], type = 'physical'): Promise<Asset> {
  const [confidentiality, integrity, availability] = cia;
  const reply = await api.call('POST', '/assets', {
    token: tenant.adminToken,
    body: { name, type, owner: tenant.adminId, classification: 'internal', confidentiality, integrity, availability },
  });
  expect(reply.status).toBe(201);
  return reply.body;
}

const read = async (id: string): Promise<Asset> => (await api.call('GET', `/assets/${id}`, { token: tenant.adminToken })).body;

async function dependOn(asset: { id: string }, targets: string[], reason = 'wired', token = tenant.adminToken) {
  const version = (await read(asset.id)).version;
  return api.call('PUT', `/assets/${asset.id}/dependencies`, { token, body: { dependsOn: targets, reason }, headers: { 'if-match': `"${version}"` } });
}

describe('asset dependencies', () => {
  it('are read both ways, and changes are versions with a reason', async () => {
    const service = await register('Mobile voice', [2, 2, 2], 'service');
    const hss = await register('HSS-A', [2, 2, 2]);
    const site = await register('DC-North', [2, 2, 2]);
    const set = await dependOn(service, [hss.id], 'voice runs on the HSS');
    expect(set.status).toBe(200);
    expect(set.body.dependsOn.map((asset: { name: string }) => asset.name)).toEqual(['HSS-A']);
    expect(set.headers.get('etag')).toBe('"2"');
    expect((await dependOn(hss, [site.id])).status).toBe(200);

    const both = await api.call('GET', `/assets/${hss.id}/dependencies`, { token: tenant.adminToken });
    expect(both.body).toMatchObject({
      assetId: hss.id,
      dependsOn: [{ id: site.id, name: 'DC-North', type: 'physical', status: 'active', importance: 2 }],
      dependents: [{ id: service.id, name: 'Mobile voice', type: 'service' }],
    });
    const history = (await api.call('GET', `/assets/${service.id}/history`, { token: tenant.adminToken })).body.items;
    expect(history.at(-1)).toMatchObject({
      operation: 'setAssetDependencies',
      reason: 'voice runs on the HSS',
      changes: [{ field: 'dependsOn', to: [hss.id] }],
    });

    // Removed: gone from both directions.
    expect((await dependOn(service, [], 'moved to the cloud core')).body.dependsOn).toEqual([]);
    expect((await api.call('GET', `/assets/${hss.id}/dependencies`, { token: tenant.adminToken })).body.dependents).toEqual([]);
  });

  it('refuses itself, a cycle, an unknown or another tenant’s asset, a duplicate, and a stale version', async () => {
    const a = await register('Cycle A', [1, 1, 1]);
    const b = await register('Cycle B', [1, 1, 1]);
    const c = await register('Cycle C', [1, 1, 1]);
    const refused = async (reply: Awaited<ReturnType<typeof dependOn>>, status: number, path: string) => {
      expect(reply.status, JSON.stringify(reply.body)).toBe(status);
      expect(reply.body.errors.map((error: { path: string }) => error.path)).toContain(path);
    };
    await refused(await dependOn(a, [b.id, a.id]), 422, 'body.dependsOn.1');
    expect((await dependOn(a, [b.id])).status).toBe(200);
    expect((await dependOn(b, [c.id])).status).toBe(200);
    await refused(await dependOn(c, [a.id]), 422, 'body.dependsOn.0'); // c → a → b → c
    const other = await api.newTenant('deps-b');
    const theirs = (
      await api.call('POST', '/assets', {
        token: other.adminToken,
        body: { name: 'Theirs', type: 'physical', owner: other.adminId, classification: 'internal', confidentiality: 1, integrity: 1, availability: 1 },
      })
    ).body;
    await refused(await dependOn(c, [theirs.id]), 422, 'body.dependsOn.0');
    await refused(await dependOn(c, ['01JDQ8R6Z8W4X3N2K1M0P9Q7RS']), 422, 'body.dependsOn.0');
    await refused(await dependOn(c, [a.id, a.id]), 400, 'body.dependsOn');
    const stale = await api.call('PUT', `/assets/${a.id}/dependencies`, {
      token: tenant.adminToken,
      body: { dependsOn: [], reason: 'x' },
      headers: { 'if-match': '"1"' },
    });
    expect(stale.status).toBe(412);
    // Another tenant neither reads nor sets them.
    expect((await api.call('GET', `/assets/${a.id}/dependencies`, { token: other.adminToken })).status).toBe(404);
    expect(
      (await api.call('PUT', `/assets/${a.id}/dependencies`, { token: other.adminToken, body: { dependsOn: [], reason: 'x' }, headers: { 'if-match': '"2"' } }))
        .status,
    ).toBe(404);
    expect((await read(a.id)).version).toBe(2);
  });

  it('raise importance by the tenant’s rule, down the chain, with the reason shown and the review brought forward', async () => {
    await approvedPolicyChange(api, tenant.tenantId, tenant.adminToken, { ...DEFAULT_ASSET_POLICY, importanceFromDependents: 'equal' });
    const site = await register('DC-South', [2, 2, 2]);
    const hss = await register('HSS-B', [2, 2, 2]);
    const service = await register('Emergency calls', [3, 5, 5], 'service');
    expect((await dependOn(hss, [site.id])).status).toBe(200);
    const before = await read(site.id);
    expect(before.importance).toBe(2);
    expect((await dependOn(service, [hss.id], 'emergency calls run on HSS-B')).status).toBe(200);

    const raisedHss = await eventually(async () => {
      const asset = await read(hss.id);
      return asset.importance === 5 ? asset : undefined;
    }, 'HSS-B raised by the service');
    expect(raisedHss.importanceRaise).toEqual({ importance: 5, by: { assetId: service.id, name: 'Emergency calls', importance: 5 }, rule: 'equal' });
    const raisedSite = await eventually(async () => {
      const asset = await read(site.id);
      return asset.importance === 5 ? asset : undefined;
    }, 'DC-South raised through HSS-B');
    expect(raisedSite.importanceRaise).toMatchObject({ importance: 5, by: { assetId: hss.id, name: 'HSS-B' } });
    // Importance 5 is reviewed every 90 days: counted from registration, earlier than the 365 days of importance 2.
    const required = new Date(Date.parse(raisedSite.createdAt) + 90 * 86_400_000).toISOString().slice(0, 10);
    expect(raisedSite.nextReviewDue).toBe(required);
    expect(raisedSite.nextReviewDue < before.nextReviewDue).toBe(true);
    const history = (await api.call('GET', `/assets/${site.id}/history`, { token: tenant.adminToken })).body.items;
    expect(history.at(-1)).toMatchObject({
      operation: 'raiseImportance',
      reason: expect.stringContaining('because HSS-B (importance 5) depends on it'),
      byPerson: { id: 'system:raiseImportance' },
    });

    // A new rule re-values the register: one level below what depends on it, down the chain.
    await approvedPolicyChange(api, tenant.tenantId, tenant.adminToken, { ...DEFAULT_ASSET_POLICY, importanceFromDependents: 'one-below' });
    const oneBelow = await eventually(async () => {
      const [h, s] = [await read(hss.id), await read(site.id)];
      return h.importance === 4 && s.importance === 3 ? { h, s } : undefined;
    }, 'the chain re-valued one level below');
    expect(oneBelow.h.importanceRaise).toMatchObject({ importance: 4, rule: 'one-below', by: { name: 'Emergency calls' } });
    expect(oneBelow.s.importanceRaise).toMatchObject({ importance: 3, rule: 'one-below', by: { name: 'HSS-B', importance: 4 } });

    // The dependency goes: the raise goes with it, down the chain again.
    expect((await dependOn(service, [], 'emergency calls moved')).status).toBe(200);
    const lowered = await eventually(async () => {
      const asset = await read(site.id);
      return asset.importance === 2 ? asset : undefined;
    }, 'DC-South no longer raised');
    expect(lowered).not.toHaveProperty('importanceRaise');
    // The review date stays where the raise brought it: lowering never moves it later.
    expect(lowered.nextReviewDue).toBe(required);
  });
});
