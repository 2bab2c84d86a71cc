// Change requests over HTTP (X.1052 12.2.4 a, b): opened with their affected assets and the impact computed
// from the register and its dependencies; bad input refused naming the field with nothing stored; plans held
// to the rules (importance ≥ 4, freezes, window length); the register's filters; another area's
// ChangeRequested; and the conflict check's bounded reads.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeRequestEntity, type ChangeRequestData } from '@ismf/change/entities';
import { conflictsOf } from '@ismf/change/conflicts';
import { newId } from '@ismf/core/ids';
import { putItems } from '@ismf/store/batch-write';
import { getEntity } from '@ismf/store/entities';
import { indexAttributes } from '@ismf/store/entity-model';
import { keys } from '@ismf/store/keys';
import { UnitOfWork } from '@ismf/store/unit-of-work';
import { changeAssetEntity } from '@ismf/change/entities';
import { startApi, type Api } from '../support/api.ts';
import { requestsDuring } from '../support/requests.ts';

let api: Api;
let tenant: { tenantId: string; adminToken: string; adminId: string };
let manager: string;
let auditor: string;
let staff: string;

beforeAll(async () => {
  api = await startApi({ events: true });
  tenant = await api.newTenant('chg');
  manager = await api.tokenFor(tenant.tenantId, 'manager', ['manager']);
  auditor = await api.tokenFor(tenant.tenantId, 'auditor', ['auditor']);
  staff = await api.tokenFor(tenant.tenantId, 'staff', ['staff']);
}, 60_000);
afterAll(() => api.close());

type Asset = { id: string; name: string; importance: number; version: number };

async function register(name: string, level: number, extra: Record<string, unknown> = {}): Promise<Asset> {
  const reply = await api.call('POST', '/assets', {
    token: tenant.adminToken,
    body: {
      name,
      type: 'physical',
      owner: tenant.adminId,
      classification: 'internal',
      confidentiality: level,
      integrity: level,
      availability: level,
      ...extra,
    },
  });
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  return reply.body;
}

async function dependOn(asset: Asset, targets: string[]) {
  const reply = await api.call('PUT', `/assets/${asset.id}/dependencies`, {
    token: tenant.adminToken,
    body: { dependsOn: targets, reason: 'wired' },
    headers: { 'if-match': `"${asset.version}"` },
  });
  expect(reply.status).toBe(200);
}

const hours = (from: string, h: number) => new Date(Date.parse(from) + h * 3_600_000).toISOString();
const BASE = '2030-03-02T01:00:00.000Z';
const window = (startOffsetHours = 0, length = 4) => ({ start: hours(BASE, startOffsetHours), end: hours(BASE, startOffsetHours + length) });

const request = (assets: string[], overrides: Record<string, unknown> = {}) => ({
  title: 'HSS firmware 21.4',
  reason: 'the vendor advisory fixes a signalling flaw',
  class: 'normal',
  assets,
  requestedWindow: window(),
  ...overrides,
});

async function open(assets: string[], overrides: Record<string, unknown> = {}, token = tenant.adminToken) {
  const reply = await api.call('POST', '/change-requests', { token, body: request(assets, overrides) });
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  return reply.body;
}

const paths = (reply: { body: { errors?: { path: string }[] } }) => (reply.body.errors ?? []).map((error) => error.path);

/** Sets a request's state as the flow would (authorization is the flow's): the calendar and conflicts read authorized changes. */
async function setState(id: string, state: ChangeRequestData['state']) {
  const before = (await getEntity<ChangeRequestData>(tenant.tenantId, changeRequestEntity.type, id))!;
  const work = new UnitOfWork({ actor: { userId: 'system:test', roles: [] }, operation: 'testFlow' });
  work.update(changeRequestEntity, before, { ...before.data, state });
  await work.commit();
}

const plan = (overrides: Record<string, unknown> = {}) => ({
  steps: ['drain traffic', 'upgrade', 'restore traffic'],
  effectivenessCheck: 'attach success rate as the week before',
  continuity: 'cluster B carries the traffic',
  window: window(),
  serviceImpact: 'degraded',
  labTest: { role: 'security-officer' },
  implementer: tenant.adminId,
  ...overrides,
});

async function putPlan(id: string, body: unknown, token = tenant.adminToken) {
  const version = (await api.call('GET', `/change-requests/${id}`, { token })).body.version;
  return api.call('PUT', `/change-requests/${id}/plan`, { token, body, headers: { 'if-match': `"${version}"` } });
}

describe('change requests (12.2.4 a, b)', () => {
  let core: Asset;
  let service: Asset;

  beforeAll(async () => {
    core = await register('HSS cluster A', 5, { businessProcess: 'Voice' });
    service = await register('Mobile voice', 2, { businessProcess: 'Roaming' });
    await dependOn(service, [core.id]); // the voice service depends on the HSS
  });

  it('opens a draft with its affected assets and the impact read from the register and its dependencies', async () => {
    const opened = await open([core.id, service.id], { components: [{ assetId: core.id, component: 'signalling card' }] });
    expect(opened).toMatchObject({
      state: 'draft',
      class: 'normal',
      origin: { person: expect.any(String) },
      originKey: 'person',
      assetCount: 2,
      planVersion: 0,
      impact: { assets: 2, maxImportance: 5, dependents: 1, byImportance: { 1: 0, 2: 1, 3: 0, 4: 0, 5: 1 } },
      requestedByPerson: { email: expect.stringContaining('admin@') },
      components: [{ assetId: core.id, component: 'signalling card' }],
    });
    expect(opened.impact.businessProcesses.sort()).toEqual(['Roaming', 'Voice']);
    expect(opened.author).toBe(opened.requestedBy);

    const affected = await api.call('GET', `/change-requests/${opened.id}/affected-assets`, { token: auditor });
    expect(affected.status).toBe(200);
    const byId = Object.fromEntries(affected.body.items.map((item: { assetId: string }) => [item.assetId, item]));
    expect(byId[core.id]).toMatchObject({
      assetName: 'HSS cluster A',
      importance: 5,
      businessProcess: 'Voice',
      dependents: 1,
      dependentAssets: [{ id: service.id, name: 'Mobile voice' }],
      ownerPerson: { id: tenant.adminId },
    });
    expect(byId[service.id]).toMatchObject({ importance: 2, dependents: 0, dependentAssets: [] });

    const read = await api.call('GET', `/change-requests/${opened.id}`, { token: auditor });
    expect(read.headers.get('etag')).toBe(`"${read.body.version}"`);
    // Staff read changes (the testers and implementers a plan names may be staff), but do not request them.
    expect((await api.call('GET', `/change-requests/${opened.id}`, { token: staff })).status).toBe(200);
    expect((await api.call('GET', '/change-report?from=2026-01-01T00:00:00Z&to=2026-12-01T00:00:00Z', { token: staff })).status).toBe(403);
  });

  it('refuses bad input naming the field, and stores nothing', async () => {
    const lonely = await register('Lonely router', 1);
    const before = async () => (await api.call('GET', `/change-requests?asset=${lonely.id}`, { token: tenant.adminToken })).body.items.length;
    const missing = newId();
    const cases: [Record<string, unknown>, number, string][] = [
      [request([lonely.id, missing]), 422, 'body.assets.1'],
      [request([lonely.id], { requestedWindow: { start: window().end, end: window().start } }), 400, 'body.requestedWindow.end'],
      [request([lonely.id], { requestedWindow: window(0, 73) }), 422, 'body.requestedWindow.end'],
      [request([lonely.id], { class: 'standard' }), 422, 'body.templateId'],
      [request([lonely.id], { class: 'standard', templateId: newId() }), 422, 'body.templateId'],
      [request([lonely.id], { templateId: newId() }), 422, 'body.templateId'],
      [request([lonely.id], { components: [{ assetId: missing, component: 'x' }] }), 422, 'body.components.0.assetId'],
      [request(Array.from({ length: 101 }, () => newId())), 400, 'body.assets'],
      [request([lonely.id, lonely.id]), 400, 'body.assets'],
    ];
    for (const [body, status, path] of cases) {
      const reply = await api.call('POST', '/change-requests', { token: tenant.adminToken, body });
      expect(reply.status, `${path}: ${JSON.stringify(reply.body)}`).toBe(status);
      expect(paths(reply)).toContain(path);
    }
    expect(await before()).toBe(0);
    // A disposed asset cannot change any more; another tenant's asset cannot even be named.
    const other = await api.newTenant('chg-b');
    const theirs = (
      await api.call('POST', '/assets', {
        token: other.adminToken,
        body: { name: 'B core', type: 'physical', owner: other.adminId, classification: 'internal', confidentiality: 2, integrity: 2, availability: 2 },
      })
    ).body;
    const foreign = await api.call('POST', '/change-requests', { token: tenant.adminToken, body: request([lonely.id, theirs.id]) });
    expect(foreign.status).toBe(422);
    expect(paths(foreign)).toEqual(['body.assets.1']);
    expect(await before()).toBe(0);
  });

  it('answers roles it does not serve with 403, and a body over the limit with 413', async () => {
    const asset = await register('Roles router', 1);
    expect((await api.call('POST', '/change-requests', { token: auditor, body: request([asset.id]) })).status).toBe(403);
    expect((await api.call('POST', '/change-requests', { token: staff, body: request([asset.id]) })).status).toBe(403);
    const huge = await api.call('POST', '/change-requests', { token: tenant.adminToken, body: request([asset.id], { reason: 'x'.repeat(6 * 1024 * 1024) }) });
    expect(huge.status).toBe(413);
  });

  it('takes an Idempotency-Key: a retry answers the request it opened', async () => {
    const asset = await register('Idempotent router', 1);
    const key = newId();
    const first = await api.call('POST', '/change-requests', { token: tenant.adminToken, body: request([asset.id]), headers: { 'idempotency-key': key } });
    const again = await api.call('POST', '/change-requests', { token: tenant.adminToken, body: request([asset.id]), headers: { 'idempotency-key': key } });
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.body.id).toBe(first.body.id);
    expect((await api.call('GET', `/change-requests?asset=${asset.id}`, { token: tenant.adminToken })).body.items).toHaveLength(1);
  });

  it('adds many assets in chunks, each with its summary, and refuses duplicates, foreign shapers and stale versions', async () => {
    const many = [];
    for (let at = 0; at < 100; at += 20) many.push(...(await Promise.all(Array.from({ length: 20 }, (_, i) => register(`Cell site ${at + i}`, (i % 3) + 1)))));
    const first = await open(many.slice(0, 95).map((asset) => asset.id));
    expect(first).toMatchObject({ assetCount: 95, impact: { assets: 95 } });
    const history = await api.call('GET', `/audit?entity=change-request:${first.id}`, { token: tenant.adminToken });
    expect(history.body.items.length).toBe(2); // 90, then 5: a transaction holds at most 100 items

    const add = (assets: string[], version: number, token = tenant.adminToken) =>
      api.call('POST', `/change-requests/${first.id}/affected-assets`, { token, body: { assets }, headers: { 'if-match': `"${version}"` } });
    const duplicate = await add([many[96]!.id, many[3]!.id], first.version);
    expect(duplicate.status).toBe(422);
    expect(paths(duplicate)).toEqual(['body.assets.1']);
    expect((await add([many[96]!.id], first.version - 1)).status).toBe(412);
    expect((await add([many[96]!.id], first.version, manager)).status).toBe(403); // neither requester nor author
    const added = await add(
      many.slice(95).map((asset) => asset.id),
      first.version,
    );
    expect(added.status, JSON.stringify(added.body)).toBe(200);
    expect(added.body).toMatchObject({ assetCount: 100, impact: { assets: 100 } });
    const counts = added.body.impact.byImportance;
    expect(counts[1] + counts[2] + counts[3]).toBe(100);

    let listed = 0;
    let cursor: string | undefined;
    do {
      const page = await api.call('GET', `/change-requests/${first.id}/affected-assets?limit=40${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, {
        token: tenant.adminToken,
      });
      listed += page.body.items.length;
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(listed).toBe(100);
  });

  it('holds plans to the rules: rollback and on-site test from importance 4, no freeze unless emergency, window length, real people', async () => {
    const critical = await register('Core router', 5);
    const change = await open([critical.id]);
    const lacking = await putPlan(change.id, plan());
    expect(lacking.status).toBe(422);
    expect(paths(lacking).sort()).toEqual(['body.onSiteTest', 'body.rollback']);
    const strangers = await putPlan(change.id, plan({ rollback: ['undo'], onSiteTest: { assignee: newId() }, implementer: newId() }));
    expect(paths(strangers).sort()).toEqual(['body.implementer', 'body.onSiteTest.assignee']);
    const long = await putPlan(change.id, plan({ rollback: ['undo'], onSiteTest: { role: 'manager' }, window: window(0, 80) }));
    expect(paths(long)).toEqual(['body.window.end']);
    expect((await api.call('GET', `/change-requests/${change.id}`, { token: tenant.adminToken })).body).toMatchObject({
      version: change.version,
      planVersion: 0,
    });

    const good = plan({ rollback: ['reinstall 21.3'], onSiteTest: { role: 'manager' }, window: window(24, 2) });
    const written = await putPlan(change.id, good);
    expect(written.status, JSON.stringify(written.body)).toBe(200);
    expect(written.body).toMatchObject({ planVersion: 1, windowStart: window(24, 2).start, windowEnd: window(24, 2).end, plan: { steps: good.steps } });
    // The affected assets' copies of the window follow the plan's.
    const affected = await api.call('GET', `/change-requests/${change.id}/affected-assets`, { token: tenant.adminToken });
    expect(affected.body.items[0]).toMatchObject({ windowStart: window(24, 2).start, windowEnd: window(24, 2).end });

    // A forged or stale version is refused.
    const forged = await api.call('PUT', `/change-requests/${change.id}/plan`, { token: tenant.adminToken, body: good, headers: { 'if-match': '"99"' } });
    expect(forged.status).toBe(412);
    expect((await api.call('PUT', `/change-requests/${change.id}/plan`, { token: tenant.adminToken, body: good })).status).toBe(428);
    expect(
      (await api.call('PUT', `/change-requests/${change.id}/plan`, { token: tenant.adminToken, body: good, headers: { 'if-match': 'W/"2"' } })).status,
    ).toBe(400);

    // A freeze refuses the window, naming it; an emergency goes ahead.
    const freeze = await api.call('POST', '/change-freezes', {
      token: manager,
      body: { name: 'Spring launch', start: window(100).start, end: window(130).start, reason: 'launch week' },
    });
    expect(freeze.status).toBe(201);
    const frozen = await putPlan(change.id, { ...good, window: window(110, 4) });
    expect(frozen.status).toBe(422);
    expect(paths(frozen)).toEqual(['body.window.start']);
    expect(frozen.body.errors[0].message).toContain('Spring launch');
    const emergency = await open([critical.id], { class: 'emergency' });
    const allowed = await putPlan(emergency.id, { ...good, window: window(110, 4) });
    expect(allowed.status, JSON.stringify(allowed.body)).toBe(200);
    // Only draft or returned requests are planned.
    await setState(emergency.id, 'authorized');
    expect((await putPlan(emergency.id, good)).status).toBe(409);
  });

  it('filters the register by state, class, asset, origin and window', async () => {
    const asset = await register('Filter router', 2);
    const normal = await open([asset.id]);
    const emergency = await open([asset.id], { class: 'emergency', requestedWindow: window(200, 2) });
    await setState(emergency.id, 'authorized');
    const ids = async (query: string) =>
      (await api.call('GET', `/change-requests?${query}`, { token: auditor })).body.items.map((item: { id: string }) => item.id) as string[];
    expect(await ids(`asset=${asset.id}`)).toEqual([normal.id, emergency.id]); // by window start
    expect(await ids(`asset=${asset.id}&state=authorized`)).toEqual([emergency.id]);
    expect(await ids('class=emergency&limit=100')).toContain(emergency.id);
    expect(await ids('class=emergency&limit=100')).not.toContain(normal.id);
    expect(await ids('state=draft&limit=100')).toContain(normal.id);
    expect(await ids('state=draft&limit=100')).not.toContain(emergency.id);
    expect(await ids('origin=person&limit=100')).toEqual(expect.arrayContaining([normal.id, emergency.id]));
    expect(await ids(`windowFrom=${hours(BASE, 199)}&windowTo=${hours(BASE, 201)}`)).toContain(emergency.id);
    expect(await ids(`windowFrom=${hours(BASE, 203)}&windowTo=${hours(BASE, 300)}`)).not.toContain(emergency.id);
    expect(await ids(`asset=${asset.id}&windowFrom=${hours(BASE, 100)}`)).toEqual([emergency.id]);
    const listed = (await api.call('GET', `/change-requests?asset=${asset.id}`, { token: auditor })).body.items[0];
    expect(listed).toMatchObject({ requestedByPerson: { id: expect.any(String) }, authorPerson: { id: expect.any(String) } });
    expect(listed.plan).toBeUndefined();
    const bad = await api.call('GET', `/change-requests?windowFrom=${hours(BASE, 2)}&windowTo=${hours(BASE, 1)}`, { token: auditor });
    expect(bad.status).toBe(400);
  });
});

describe('conflicts', () => {
  it('finds authorized changes overlapping on a shared asset', async () => {
    const shared = await register('Shared switch', 2);
    const a = await open([shared.id], { requestedWindow: window(300, 4) });
    const b = await open([shared.id], { requestedWindow: window(302, 4) });
    const c = await open([shared.id], { requestedWindow: window(310, 4) });
    await setState(a.id, 'authorized');
    await setState(c.id, 'authorized');
    const found = await conflictsOf(tenant.tenantId, b.id, [shared.id], window(302, 4));
    expect(found.map((conflict) => conflict.changeId)).toEqual([a.id]);
    expect(found[0]).toMatchObject({ assets: [shared.id], state: 'authorized' });
    // Drafts are not conflicts unless asked for.
    expect((await conflictsOf(tenant.tenantId, a.id, [shared.id], window(300, 4), ['authorized', 'draft'])).map((conflict) => conflict.changeId)).toEqual([
      b.id,
    ]);
  });

  it('reads as much of DynamoDB with 10,000 earlier changes on the asset as with 10', async () => {
    const few = await register('Few changes', 2);
    const many = await register('Many changes', 2);
    // Earlier changes spread over the years before: affected-asset items as the requests would have written them.
    const earlier = (assetId: string, count: number) =>
      Array.from({ length: count }, (_, at) => {
        const start = hours('2020-01-01T00:00:00.000Z', at * 3);
        const record = {
          changeId: newId(),
          assetId,
          assetName: 'x',
          type: 'physical',
          importance: 2,
          owner: tenant.adminId,
          dependents: 0,
          windowStart: start,
          windowEnd: hours(start, 2),
        };
        return {
          ...keys.keyedChild(tenant.tenantId, 'change-request', record.changeId, changeAssetEntity.type, assetId),
          kind: changeAssetEntity.type,
          data: record,
          ...indexAttributes(changeAssetEntity, tenant.tenantId, record),
        };
      });
    await putItems([...earlier(few.id, 10), ...earlier(many.id, 10_000)]);
    const current = await open([few.id, many.id], { requestedWindow: window(400, 4) });
    await setState(current.id, 'authorized');
    const measure = async (assetId: string) => {
      const queries = await requestsDuring('QueryCommand', () => conflictsOf(tenant.tenantId, 'self', [assetId], window(401, 2), ['authorized'], 72));
      const gets = await requestsDuring('BatchGetItemCommand', () => conflictsOf(tenant.tenantId, 'self', [assetId], window(401, 2), ['authorized'], 72));
      expect(queries.result.map((conflict) => conflict.changeId)).toEqual([current.id]);
      return [queries.count, gets.count];
    };
    expect(await measure(many.id)).toEqual(await measure(few.id));
    expect(await measure(many.id)).toEqual([1, 1]);
  }, 120_000);
});

describe('ChangeRequested from another area', () => {
  const publish = async (data: Record<string, unknown>) => {
    const eventId = newId();
    await api.bus!.publish([
      {
        source: 'ismf.change',
        detailType: 'ChangeRequested',
        time: new Date().toISOString(),
        detail: { tenantId: tenant.tenantId, eventId, occurredAt: new Date().toISOString(), version: 1, correlationId: eventId, data },
      },
    ]);
    return eventId;
  };
  const fromOrigin = async (id: string) =>
    (await api.call('GET', `/change-requests?origin=${encodeURIComponent(`test:item:${id}`)}`, { token: tenant.adminToken })).body.items;

  it('opens a draft from a test origin, once per event, and records bad data as refused without dead letters', async () => {
    const asset = await register('Event router', 4);
    const event = (id: string, overrides: Record<string, unknown> = {}) => ({
      origin: { area: 'test', type: 'item', id },
      title: 'Apply hardened configuration',
      reason: 'baseline drift',
      class: 'normal',
      assets: [asset.id],
      requestedWindow: window(500, 4),
      ...overrides,
    });
    const okId = newId();
    const data = event(okId);
    const eventId = await publish(data);
    const [opened] = await fromOrigin(okId);
    expect(opened).toMatchObject({
      state: 'draft',
      origin: { area: 'test', type: 'item', id: okId },
      requestedBy: 'system:test',
      requestedByPerson: { id: 'system:test' },
      assetCount: 1,
      impact: { maxImportance: 4 },
    });
    // Redelivered: the same request, not a second one.
    await api.bus!.publish([
      {
        source: 'ismf.change',
        detailType: 'ChangeRequested',
        time: new Date().toISOString(),
        detail: { tenantId: tenant.tenantId, eventId, occurredAt: new Date().toISOString(), version: 1, correlationId: eventId, data },
      },
    ]);
    expect(await fromOrigin(okId)).toHaveLength(1);

    const refusedCases: [Record<string, unknown>, string][] = [
      [{ assets: [asset.id, newId()] }, 'data.assets.1'],
      [{ assets: ['not-an-id'] }, 'data.assets.0'],
      [{ requestedWindow: { start: window(500).end, end: window(500).start } }, 'data.requestedWindow.end'],
      [{ requestedWindow: { start: 'soon', end: window(500).end } }, 'data.requestedWindow.start'],
      [{ class: 'standard' }, 'data.templateId'],
    ];
    for (const [overrides, field] of refusedCases) {
      const id = newId();
      await publish(event(id, overrides));
      const [refused] = await fromOrigin(id);
      expect(refused, field).toMatchObject({ state: 'refused', refusal: { field, reason: expect.any(String) }, assetCount: 0 });
    }
    const letters = await api.call('GET', '/_local/dlq', { token: api.operator });
    expect(letters.body.items.filter((letter: { consumer: string }) => letter.consumer === 'openChangeRequest')).toEqual([]);
  });
});
