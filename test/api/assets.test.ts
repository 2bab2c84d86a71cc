// Asset management over HTTP: policy, registration and valuation, lists and filters, change with
// history, reviews, owners' limits, and re-valuation when the rule changes.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startApi, type Api } from '../support/api.ts';
import { approvedPolicyChange } from '../support/policy-change.ts';

let api: Api;
let tenant: { tenantId: string; adminToken: string; adminId: string };
let officer: string;
let ownerToken: string;
let ownerId: string;
let otherOwnerId: string;

const asset = (overrides: Record<string, unknown> = {}) => ({
  name: 'Billing database',
  type: 'information',
  owner: ownerId,
  classification: 'confidential',
  confidentiality: 4,
  integrity: 3,
  availability: 2,
  ...overrides,
});

beforeAll(async () => {
  api = await startApi({ events: true });
  tenant = await api.newTenant('ast');
  officer = await api.tokenFor(tenant.tenantId, 'officer', ['security-officer']);
  ownerToken = await api.tokenFor(tenant.tenantId, 'owner', ['asset-owner']);
  const users = await api.call('GET', '/users?limit=100', { token: tenant.adminToken });
  ownerId = users.body.items.find((user: { email: string }) => user.email.startsWith('owner@')).id;
  otherOwnerId = (
    await api.call('POST', '/users', {
      token: tenant.adminToken,
      body: { email: 'other-owner@ast.example', displayName: 'Test Person', roles: ['asset-owner'] },
    })
  ).body.id;
  await api.relay!.drain();
});
afterAll(() => api.close());

describe('the asset policy (10.2 a)', () => {
  it('starts from the default, and changes only through a checked and approved change', async () => {
    const initial = await api.call('GET', '/asset-policy', { token: officer });
    expect(initial.body).toMatchObject({ version: 0, valuation: { method: 'highest' } });
    expect(initial.body.classificationLevels.map((level: { name: string }) => level.name)).toContain('confidential');
    const { version: _v, ...policy } = initial.body;
    const body = { ...policy, businessProcesses: ['Billing', 'Network operations'], categories: [{ type: 'physical', name: 'Core router' }] };
    expect((await api.call('PUT', '/asset-policy', { token: officer, body, headers: { 'if-match': '"0"' } })).status).toBe(405);
    expect((await api.call('POST', '/asset-policy-changes', { token: ownerToken, body: { policy: body, reason: 'mine' } })).status).toBe(403);
    const bad = await api.call('POST', '/asset-policy-changes', {
      token: officer,
      body: { policy: { ...body, reviewIntervalDays: { '1': 0 } }, reason: 'faster' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((error: { path: string }) => error.path)).toEqual(
      expect.arrayContaining(['body.policy.reviewIntervalDays.1', 'body.policy.reviewIntervalDays.5']),
    );
    const change = await approvedPolicyChange(api, tenant.tenantId, officer, body);
    expect(change).toMatchObject({ status: 'approved', appliedVersion: 1 });
    const saved = await api.call('GET', '/asset-policy', { token: officer });
    expect(saved.body).toMatchObject({ version: 1, businessProcesses: ['Billing', 'Network operations'] });
  });
});

describe('registration and valuation (10.2 b–d)', () => {
  it('registers an asset valued by the highest of C, I and A, with its first review date', async () => {
    const created = await api.call('POST', '/assets', { token: officer, body: asset({ businessProcess: 'Billing', secureArea: 'DC-North core room' }) });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ importance: 4, importanceName: 'high', version: 1, owner: ownerId });
    const due = new Date(Date.now() + 180 * 86_400_000).toISOString().slice(0, 10);
    expect(created.body.nextReviewDue).toBe(due);
    expect((await api.call('GET', `/assets/${created.body.id}`, { token: ownerToken })).body).toEqual(created.body);
  });

  it('refuses bad values and what the policy does not know, naming the field and storing nothing', async () => {
    const before = (await api.call('GET', '/assets?limit=100', { token: officer })).body.items.length;
    const cases: [Record<string, unknown>, string, number][] = [
      [asset({ confidentiality: 6 }), 'body.confidentiality', 400],
      [asset({ integrity: 0 }), 'body.integrity', 400],
      [asset({ availability: 2.5 }), 'body.availability', 400],
      [asset({ type: 'furniture' }), 'body.type', 400],
      [asset({ colour: 'red' }), 'body.colour', 400],
      [asset({ classification: 'top-secret' }), 'body.classification', 422],
      [asset({ type: 'physical', category: 'Sofa' }), 'body.category', 422],
      [asset({ businessProcess: 'Catering' }), 'body.businessProcess', 422],
      [asset({ owner: '01JDQ8R6Z8W4X3N2K1M0P9Q7RS' }), 'body.owner', 422],
    ];
    for (const [body, path, status] of cases) {
      const reply = await api.call('POST', '/assets', { token: officer, body });
      expect(reply.status, path).toBe(status);
      expect(
        reply.body.errors.map((error: { path: string }) => error.path),
        path,
      ).toContain(path);
    }
    expect((await api.call('GET', '/assets?limit=100', { token: officer })).body.items.length).toBe(before);
  });

  it('lets an asset owner register only their own assets, and staff none', async () => {
    expect((await api.call('POST', '/assets', { token: ownerToken, body: asset() })).status).toBe(201);
    expect((await api.call('POST', '/assets', { token: ownerToken, body: asset({ owner: otherOwnerId }) })).status).toBe(403);
    const staff = await api.tokenFor(tenant.tenantId, 'worker', ['staff']);
    expect((await api.call('POST', '/assets', { token: staff, body: asset() })).status).toBe(403);
    expect((await api.call('GET', '/assets', { token: staff })).status).toBe(403);
  });

  it('filters the register by type, category, importance and owner, page by page', async () => {
    await api.call('POST', '/assets', {
      token: officer,
      body: asset({ name: 'Edge router 1', type: 'physical', category: 'Core router', owner: otherOwnerId, confidentiality: 1, integrity: 1, availability: 5 }),
    });
    await api.call('POST', '/assets', {
      token: officer,
      body: asset({ name: 'Edge router 2', type: 'physical', category: 'Core router', owner: otherOwnerId, confidentiality: 1, integrity: 2, availability: 2 }),
    });
    const physical = await api.call('GET', '/assets?type=physical', { token: officer });
    expect(physical.body.items.map((item: { name: string }) => item.name).sort()).toEqual(['Edge router 1', 'Edge router 2']);
    const critical = await api.call('GET', '/assets?type=physical&importance=5', { token: officer });
    expect(critical.body.items.map((item: { name: string }) => item.name)).toEqual(['Edge router 1']);
    const byOwner = await api.call('GET', `/assets?owner=${otherOwnerId}&limit=1`, { token: officer });
    expect(byOwner.body.items).toHaveLength(1);
    const next = await api.call('GET', `/assets?owner=${otherOwnerId}&limit=1&cursor=${encodeURIComponent(byOwner.body.nextCursor)}`, { token: officer });
    expect(next.body.items).toHaveLength(1);
    expect(next.body.items[0].id).not.toBe(byOwner.body.items[0].id);
    const category = await api.call('GET', `/assets?category=${encodeURIComponent('Core router')}`, { token: officer });
    expect(category.body.items).toHaveLength(2);
    expect((await api.call('GET', '/assets?importance=9', { token: officer })).status).toBe(400);
  });
});

describe('change management (10.2 e)', () => {
  it('changes an asset with a reason, re-values it, and keeps every version with what changed', async () => {
    const created = (await api.call('POST', '/assets', { token: officer, body: asset({ name: 'Charging platform' }) })).body;
    const noReason = await api.call('PATCH', `/assets/${created.id}`, { token: ownerToken, body: { availability: 5 }, headers: { 'if-match': '"1"' } });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors[0].path).toBe('body.reason');
    const changed = await api.call('PATCH', `/assets/${created.id}`, {
      token: ownerToken,
      body: { availability: 5, location: 'DC-South', reason: 'now serves 24x7 charging' },
      headers: { 'if-match': '"1"' },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ availability: 5, importance: 5, importanceName: 'critical', version: 2, location: 'DC-South' });
    const history = await api.call('GET', `/assets/${created.id}/history`, { token: officer });
    expect(history.body.items).toHaveLength(2);
    const [first, second] = history.body.items;
    expect(first).toMatchObject({ version: 1, operation: 'createAsset' });
    expect(second).toMatchObject({ version: 2, operation: 'updateAsset', reason: 'now serves 24x7 charging', by: { roles: ['asset-owner'] } });
    expect(second.changes).toEqual(
      expect.arrayContaining([
        { field: 'availability', from: 2, to: 5 },
        { field: 'importance', from: 4, to: 5 },
        { field: 'location', to: 'DC-South' },
      ]),
    );
  });

  it('keeps an asset owner to their own assets', async () => {
    const foreign = (await api.call('POST', '/assets', { token: officer, body: asset({ owner: otherOwnerId }) })).body;
    const reply = await api.call('PATCH', `/assets/${foreign.id}`, {
      token: ownerToken,
      body: { availability: 1, reason: 'x' },
      headers: { 'if-match': '"1"' },
    });
    expect(reply.status).toBe(403);
    expect((await api.call('POST', `/assets/${foreign.id}/reviews`, { token: ownerToken, body: { outcome: 'confirmed' } })).status).toBe(403);
    expect((await api.call('GET', `/assets/${foreign.id}`, { token: officer })).body.version).toBe(1);
  });

  it('reviews: confirming sets the next due date; overdue reviews are listable', async () => {
    const created = (await api.call('POST', '/assets', { token: officer, body: asset({ name: 'Reviewed one' }) })).body;
    const reviewed = await api.call('POST', `/assets/${created.id}/reviews`, { token: ownerToken, body: { outcome: 'confirmed', notes: 'checked on site' } });
    expect(reviewed.status).toBe(200);
    expect(reviewed.body.lastReviewedAt).toBeDefined();
    expect(reviewed.body.version).toBe(2);
    const updated = await api.call('POST', `/assets/${created.id}/reviews`, { token: ownerToken, body: { outcome: 'updated', changes: { integrity: 5 } } });
    expect(updated.body).toMatchObject({ integrity: 5, importance: 5, version: 3 });
    expect(updated.body.nextReviewDue).toBe(new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10));
    const wrong = await api.call('POST', `/assets/${created.id}/reviews`, { token: ownerToken, body: { outcome: 'updated' } });
    expect(wrong.status).toBe(400);
    expect((await api.call('GET', '/assets?reviewState=overdue', { token: officer })).body.items).toEqual([]);
    const current = await api.call('GET', '/assets?reviewState=current&limit=100', { token: officer });
    expect(current.body.items.map((item: { id: string }) => item.id)).toContain(created.id);
  });

  it('reviews with an Idempotency-Key: a retry answers the review it repeats, and records no second one', async () => {
    const created = (await api.call('POST', '/assets', { token: officer, body: asset({ name: 'Reviewed twice?' }) })).body;
    const review = (body: Record<string, unknown>) =>
      api.call('POST', `/assets/${created.id}/reviews`, { token: ownerToken, body, headers: { 'idempotency-key': `review-${created.id}` } });
    const [first, retry] = await Promise.all([review({ outcome: 'confirmed', notes: 'on site' }), review({ outcome: 'confirmed', notes: 'on site' })]);
    expect([first.status, retry.status]).toEqual([200, 200]);
    expect(retry.body).toEqual(first.body);
    expect(first.body.version).toBe(2);
    const history = await api.call('GET', `/assets/${created.id}/history`, { token: officer });
    expect(history.body.items.filter((entry: { reason?: string }) => entry.reason === 'on site')).toHaveLength(1);
    const other = await review({ outcome: 'updated', changes: { integrity: 5 } });
    expect(other.status).toBe(422);
    expect(other.body.errors).toEqual([{ path: 'header.idempotency-key', message: 'already used with a different body' }]);
    expect((await api.call('GET', `/assets/${created.id}`, { token: officer })).body).toMatchObject({ version: 2, integrity: created.integrity });
  });

  it('re-values every asset when the valuation rule changes, auditing and announcing each change', async () => {
    const t = await api.newTenant('reval');
    const officerT = await api.tokenFor(t.tenantId, 'officer', ['security-officer']);
    const owner = (await api.call('GET', '/users', { token: t.adminToken })).body.items[0].id;
    const a = (await api.call('POST', '/assets', { token: officerT, body: { ...asset(), owner, confidentiality: 5, integrity: 1, availability: 1 } })).body;
    const b = (await api.call('POST', '/assets', { token: officerT, body: { ...asset(), owner, confidentiality: 2, integrity: 2, availability: 2 } })).body;
    expect([a.importance, b.importance]).toEqual([5, 2]);
    const seen: string[] = [];
    api.bus!.onEvent((event) => {
      const detail = event.detail as { tenantId: string; data: { assetId: string } };
      if (event['detail-type'] === 'AssetChanged' && detail.tenantId === t.tenantId) seen.push(detail.data.assetId);
    });
    const policy = (await api.call('GET', '/asset-policy', { token: officerT })).body;
    const { version: _v, ...rest } = policy;
    await approvedPolicyChange(api, t.tenantId, officerT, { ...rest, valuation: { method: 'mean' } });
    await api.relay!.drain();
    await api.relay!.drain();
    expect((await api.call('GET', `/assets/${a.id}`, { token: officerT })).body).toMatchObject({ importance: 3, version: 2 });
    expect((await api.call('GET', `/assets/${b.id}`, { token: officerT })).body).toMatchObject({ importance: 2, version: 1 });
    expect(seen).toEqual([a.id]);
    const history = await api.call('GET', `/assets/${a.id}/history`, { token: officerT });
    expect(history.body.items[1]).toMatchObject({
      operation: 'revalueAssets',
      reason: 're-valued by the mean valuation rule',
      changes: [
        { field: 'importance', from: 5, to: 3 },
        { field: 'importanceName', from: 'critical', to: 'medium' },
      ],
    });
  });
});

describe('the daily review job', () => {
  it('announces exactly the assets whose review fell due, once, and lists them as overdue', async () => {
    const t = await api.newTenant('due');
    await api.relay!.drain(); // provisions the tenant's schedules
    const officerT = await api.tokenFor(t.tenantId, 'officer', ['security-officer'], 10 * 86_400);
    const ownerT = await api.tokenFor(t.tenantId, `admin@${t.tenantId}.example`, ['admin'], 10 * 86_400);
    const policy = (await api.call('GET', '/asset-policy', { token: officerT })).body;
    const { version: _v, ...rest } = policy;
    const fast = { ...rest, reviewIntervalDays: { '1': 1, '2': 1, '3': 30, '4': 30, '5': 30 } };
    await approvedPolicyChange(api, t.tenantId, officerT, fast);
    const make = (name: string, value: number) =>
      api.call('POST', '/assets', {
        token: officerT,
        body: { ...asset(), name, owner: t.adminId, confidentiality: value, integrity: value, availability: value },
      });
    const soon = (await make('Due soon', 2)).body;
    const later = (await make('Due later', 4)).body;
    const announced: string[] = [];
    api.bus!.onEvent((event) => {
      const detail = event.detail as { tenantId: string; data: { assetId: string } };
      if (event['detail-type'] === 'AssetReviewDue' && detail.tenantId === t.tenantId) announced.push(detail.data.assetId);
    });
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 3 * 86_400_000);
    try {
      for (let run = 0; run < 2; run++) {
        const reply = await api.call('POST', '/_local/schedules/asset-review-due', { token: api.operator });
        const mine = reply.body.runs.find((entry: { tenantId: string }) => entry.tenantId === t.tenantId);
        expect(mine.result).toEqual(run === 0 ? { announced: 1, alreadyAnnounced: 0 } : { announced: 0, alreadyAnnounced: 1 });
      }
      const overdue = await api.call('GET', '/assets?reviewState=overdue', { token: officerT });
      expect(overdue.body.items.map((item: { id: string }) => item.id)).toEqual([soon.id]);
      // The owner owes the review: it is in their task list.
      const owed = await api.call('GET', '/me/tasks', { token: ownerT });
      expect(owed.body.items).toEqual([expect.objectContaining({ kind: 'asset-review', id: soon.id, overdue: true, link: `/assets/${soon.id}/reviews` })]);
    } finally {
      vi.useRealTimers();
    }
    await api.relay!.drain();
    expect(announced).toEqual([soon.id]);
    // …and hears of it by e-mail, once.
    await api.relay!.drain();
    const mails = readdirSync(api.mailDir!)
      .map((file) => readFileSync(join(api.mailDir!, file), 'utf8'))
      .filter((mail) => /^To: .*admin@/m.test(mail) && mail.includes(`admin@${t.tenantId}.example`) && mail.includes('Subject: Review due:'));
    expect(mails).toHaveLength(1);
    expect(mails[0]).toContain('Subject: Review due: Due soon');
    expect(later.nextReviewDue > soon.nextReviewDue).toBe(true);
  });
});
