// Security patch management (X.1052 12.2.3 a–c), the whole chain on the local stack through the bus: a real OSV
// advisory arrives signed by webhook, hits a portal's path-to-regexp 0.1.9; the recommendation to update is
// reviewed and approved; the requirement it becomes is lab-tested (failed, revised, passed), grouped into a wave,
// the wave approved by another officer, its change request opened, planned, tested, authorized and implemented —
// and the requirement is patched, with the owner told and every step in the audit trail. Then what people do
// by hand (a vendor bulletin, a closure), what goes wrong (a rolled-back change reopens), and what must not pass.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startApi, type Api } from '../support/api.ts';
import { eventually } from '../support/eventually.ts';
import { owedTask } from '../support/owed.ts';
import { describeWithRealdata, realdataText } from '../support/realdata.ts';
import { npmSbom, postSigned } from '../support/webhooks.ts';

const HOUR = 3_600_000;
const at = (hours: number) => new Date(Date.now() + hours * HOUR).toISOString();
const PATH_TO_REGEXP = realdataText('osv', 'npm-ghsa', 'GHSA-9wv6-86v2-598j.json');

let api: Api;
let tenant: { tenantId: string; adminToken: string; adminId: string };
let other: { tenantId: string; adminToken: string; adminId: string };
let dana: string;
let omar: string;
let tester: { token: string; id: string };
let authorizer: string;
let implementer: { token: string; id: string };
let staff: string;
let source: { id: string; webhookPath: string; webhookSecret: string };

async function person(name: string, roles: string[]) {
  const email = `${name}@${tenant.tenantId}.example`;
  const token = await api.tokenFor(tenant.tenantId, email, roles);
  const users = await api.call('GET', '/users?limit=100', { token: tenant.adminToken });
  return { token, id: (users.body.items as { id: string; email: string }[]).find((user) => user.email === email)!.id };
}

async function deliver(text: string) {
  expect((await postSigned(api, source, text)).status).toBe(202);
}

async function portal(name: string) {
  const reply = await api.call('POST', `/assets/sbom-import?owner=${tenant.adminId}`, {
    token: tenant.adminToken,
    rawBody: npmSbom(name, { 'path-to-regexp': '0.1.9', express: '4.19.2' }),
    headers: { 'content-type': 'application/vnd.cyclonedx+json' },
  });
  expect(reply.status, JSON.stringify(reply.body)).toBeLessThan(300);
  return reply.body.asset.id as string;
}

async function equipment(name: string) {
  const reply = await api.call('POST', '/assets', {
    token: tenant.adminToken,
    body: {
      name,
      type: 'physical',
      owner: tenant.adminId,
      location: 'Core site A',
      classification: 'internal',
      confidentiality: 3,
      integrity: 3,
      availability: 3,
      identity: { vendor: 'Juniper Networks', product: 'Junos OS', version: '22.4R2' },
      exposure: 'internal',
    },
  });
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  return reply.body.id as string;
}

const complete = (token: string, taskId: string, result: unknown) => api.call('POST', `/tasks/${taskId}/completion`, { token, body: { result } });
const decide = (token: string, approvalId: string, outcome = 'approve', reason?: string) =>
  api.call('POST', `/approvals/${approvalId}/decision`, { token, body: { outcome, ...(reason ? { reason } : {}) } });
const requirement = (id: string, token = dana) => api.call('GET', `/patch-requirements/${id}`, { token });
const inState = (id: string, state: string) =>
  eventually(async () => {
    const read = await requirement(id);
    return read.body.state === state ? read.body : undefined;
  }, `requirement ${id} ${state}`);
const notified = (kind: string, link: string) =>
  eventually(
    async () =>
      (
        api.bus!.recentEvents() as {
          'detail-type': string;
          detail: { tenantId: string; data: { kind?: string; link?: string; recipients?: unknown; title?: string } };
        }[]
      ).find((event) => event['detail-type'] === 'NotificationRequested' && event.detail.data.kind === kind && event.detail.data.link === link),
    `${kind} → ${link}`,
  );

/** Tests a requirement (passed) and plans its wave, approved by Omar: the requirement is then in its change. */
async function testedAndWaved(requirementIds: string[], window = { start: at(48), end: at(52) }) {
  const test = await api.call('POST', '/patch-tests', { token: dana, body: { requirementIds, assignee: tester.id, reason: 'before rollout' } });
  expect(test.status, JSON.stringify(test.body)).toBe(201);
  const task = await owedTask(api, tester.token, test.body.id, 'lab-test');
  const done = await complete(tester.token, task.id, { outcome: 'passed', environment: 'staging', notes: 'fixed, regression suite green' });
  expect(done.status, JSON.stringify(done.body)).toBeLessThan(300);
  for (const id of requirementIds) await inState(id, 'tested');
  const wave = await api.call('POST', '/patch-waves', { token: dana, body: { requirementIds, window, reason: 'Saturday window' } });
  expect(wave.status, JSON.stringify(wave.body)).toBe(201);
  const approval = await owedTask(api, omar, wave.body.id, 'approve');
  expect((await decide(omar, approval.id)).status).toBeLessThan(300);
  const inChange = await eventually(async () => {
    const read = await api.call('GET', `/patch-waves/${wave.body.id}`, { token: dana });
    return read.body.status === 'in-change' ? read.body : undefined;
  }, 'wave in change');
  return inChange as { id: string; changeId: string };
}

/** Takes a draft change request through plan, lab test and authorization, and records its implementation. */
async function implemented(changeId: string, outcome: string) {
  const draft = await api.call('GET', `/change-requests/${changeId}`, { token: dana });
  const planned = await api.call('PUT', `/change-requests/${changeId}/plan`, {
    token: dana,
    headers: { 'if-match': draft.headers.get('etag')! },
    body: {
      steps: ['drain the portal node', 'deploy the release with path-to-regexp 0.1.10', 'restore traffic'],
      effectivenessCheck: 'the advisory’s backtracking route answers in under 50 ms',
      rollback: ['redeploy the previous release'],
      continuity: 'the second node serves',
      window: draft.body.requestedWindow,
      serviceImpact: 'none',
      labTest: { assignee: tester.id },
      implementer: implementer.id,
    },
  });
  expect(planned.status, JSON.stringify(planned.body)).toBe(200);
  const submitted = await api.call('POST', `/change-requests/${changeId}/submission`, { token: dana, headers: { 'if-match': planned.headers.get('etag')! } });
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
  const lab = await owedTask(api, tester.token, changeId, 'lab-test');
  const labDone = await complete(tester.token, lab.id, {
    outcome: 'passed',
    environment: 'staging',
    notes: 'deployment and rollback rehearsed',
    testData: { description: 'synthetic sessions', productionPersonalData: false },
  });
  expect(labDone.status, JSON.stringify(labDone.body)).toBeLessThan(300);
  const authorize = await owedTask(api, authorizer, changeId, 'authorize');
  expect((await decide(authorizer, authorize.id)).status).toBeLessThan(300);
  const authorized = await eventually(async () => {
    const read = await api.call('GET', `/change-requests/${changeId}`, { token: dana });
    return read.body.state === 'authorized' ? read : undefined;
  }, 'change authorized');
  const done = await api.call('POST', `/change-requests/${changeId}/implementation`, {
    token: implementer.token,
    headers: { 'if-match': authorized.headers.get('etag')! },
    body: { start: authorized.body.windowStart, end: authorized.body.windowEnd, outcome, notes: `${outcome} as planned` },
  });
  expect(done.status, JSON.stringify(done.body)).toBe(200);
}

beforeAll(async () => {
  api = await startApi({ events: true });
  api.relay!.start();
  [tenant, other] = await Promise.all([api.newTenant('patch'), api.newTenant('patchb')]);
  dana = await api.tokenFor(tenant.tenantId, 'dana', ['security-officer']);
  omar = await api.tokenFor(tenant.tenantId, 'omar', ['security-officer']);
  staff = await api.tokenFor(tenant.tenantId, 'staff', ['staff']);
  tester = await person('tester', ['staff']);
  authorizer = (await person('authorizer', ['manager'])).token;
  implementer = await person('implementer', ['staff']);
  source = (await api.call('POST', '/advisory-sources', { token: dana, body: { name: 'Advisories', kind: 'security-organization', formats: ['osv'] } })).body;
}, 60_000);
afterAll(() => api.close());

describeWithRealdata('from an advisory to a patched asset', () => {
  let requirementId: string;

  it('follows the whole chain: webhook → early warning → reviewed → requirement → tested → wave → change → patched', async () => {
    const assetId = await portal('Self-care portal');
    await deliver(PATH_TO_REGEXP);
    const warning = await eventually(async () => {
      const list = await api.call('GET', '/early-warnings?limit=100', { token: dana });
      return list.body.items.find((item: { assets: { assetId: string }[] }) => item.assets.some((hit) => hit.assetId === assetId));
    }, 'early warning');
    expect(warning.recommendations[0]).toMatchObject({ kind: 'patch', fixedVersions: expect.arrayContaining(['0.1.10']) });

    // (d) Omar asks for the review; Dana approves: the approved patch becomes a requirement (a).
    const review = await api.call('POST', `/early-warnings/${warning.id}/recommendation-reviews`, { token: omar, body: { reason: 'patch the portal' } });
    expect(review.status, JSON.stringify(review.body)).toBe(201);
    const reviewTask = await owedTask(api, dana, review.body.id, 'review');
    expect((await decide(dana, reviewTask.id)).status).toBeLessThan(300);
    const tracked = await eventually(async () => {
      const list = await api.call('GET', `/patch-requirements?earlyWarning=${warning.id}`, { token: dana });
      return list.body.items.length ? list.body.items : undefined;
    }, 'requirement identified');
    expect(tracked).toHaveLength(1);
    // (e) The owners, the security officers and the requester hear of the decision.
    const told = await notified('recommendations-reviewed', `/early-warnings/${warning.id}`);
    expect(told.detail.data.recipients).toMatchObject({ roles: ['security-officer'], members: [tenant.adminId] });
    const identified = tracked[0];
    requirementId = identified.id;
    // The least fixed version above 0.1.9 on its branch, the early warning's priority, due by the SLA (c).
    expect(identified).toMatchObject({
      assetId,
      product: 'path-to-regexp',
      installedVersion: '0.1.9',
      fixedVersion: '0.1.10',
      origin: 'early-warning',
      state: 'open',
      priority: warning.priority,
      vulnerabilities: expect.arrayContaining(['CVE-2024-45296']),
      earlyWarnings: [expect.objectContaining({ earlyWarningId: warning.id })],
    });
    const sla = { critical: 7, high: 30, medium: 90, low: 180 }[identified.priority as 'critical'];
    expect(Date.parse(identified.dueAt) - Date.parse(identified.identifiedAt)).toBe(sla * 24 * HOUR);
    await notified('patch-required', `/patch-requirements/${requirementId}`);

    // (b) Dana asks the tester for a lab test; it fails, comes back with the reason, is revised and passes.
    const test = await api.call('POST', '/patch-tests', {
      token: dana,
      body: { requirementIds: [requirementId], assignee: tester.id, reason: 'regression risk in routing' },
    });
    expect(test.status, JSON.stringify(test.body)).toBe(201);
    expect(test.headers.get('location')).toBe(`/patch-tests/${test.body.id}`);
    await inState(requirementId, 'testing');
    const lab = await owedTask(api, tester.token, test.body.id, 'lab-test');
    const failed = await complete(tester.token, lab.id, { outcome: 'failed', environment: 'staging', notes: 'the login route 404s with 0.1.10' });
    expect(failed.status, JSON.stringify(failed.body)).toBeLessThan(300);
    const returned = await inState(requirementId, 'returned');
    expect(returned.stateReason).toContain('the login route 404s with 0.1.10');
    const revise = await owedTask(api, dana, test.body.id, 'revise');
    expect((await complete(dana, revise.id, { note: 'route pattern escaped for 0.1.10' })).status).toBeLessThan(300);
    await inState(requirementId, 'testing');
    const again = await owedTask(api, tester.token, test.body.id, 'lab-test');
    expect(
      (await complete(tester.token, again.id, { outcome: 'passed', environment: 'staging', notes: 'login works; ReDoS payload answers in 2 ms' })).status,
    ).toBeLessThan(300);
    await inState(requirementId, 'tested');
    const testRecord = await api.call('GET', `/patch-tests/${test.body.id}`, { token: dana });
    expect(testRecord.body).toMatchObject({ status: 'passed', results: [{ outcome: 'failed' }, { outcome: 'passed' }] });

    // Proposed as a wave by fix and asset class; Dana plans it, Omar approves (Dana, the planner, may not).
    const proposals = await api.call('GET', '/patch-wave-proposals', { token: dana });
    expect(proposals.body.items).toContainEqual(expect.objectContaining({ requirementIds: [requirementId], assetClass: 'software', fixedVersion: '0.1.10' }));
    const window = { start: at(48), end: at(52) };
    const wave = await api.call('POST', '/patch-waves', { token: dana, body: { requirementIds: [requirementId], window, reason: 'Saturday window' } });
    expect(wave.status, JSON.stringify(wave.body)).toBe(201);
    await inState(requirementId, 'scheduled');
    const approval = await owedTask(api, omar, wave.body.id, 'approve');
    expect((await decide(dana, approval.id)).status).toBe(403);
    expect((await decide(omar, approval.id)).status).toBeLessThan(300);

    // The change area opens one change request for the wave, from the patches area.
    const inChange = await inState(requirementId, 'in-change');
    const change = await api.call('GET', `/change-requests/${inChange.changeId}`, { token: dana });
    expect(change.body).toMatchObject({
      state: 'draft',
      origin: { area: 'patches', type: 'patch-wave', id: wave.body.id },
      assetCount: 1,
      requestedWindow: window,
    });
    expect(change.body.reason).toContain('CVE-2024-45296');
    await notified('patch-progress', `/patch-waves/${wave.body.id}`);

    // Planned, tested, authorized and implemented: patched.
    await implemented(inChange.changeId, 'implemented');
    const patched = await inState(requirementId, 'patched');
    expect(patched).toMatchObject({ waveId: wave.body.id, changeId: inChange.changeId, patchedAt: expect.any(String) });
    expect((await api.call('GET', `/patch-waves/${wave.body.id}`, { token: dana })).body.status).toBe('implemented');
    expect((await api.call('GET', `/patch-requirements?earlyWarning=${warning.id}&state=patched`, { token: dana })).body.items).toHaveLength(1);

    // Every step is in the requirement's audit trail, and the chain verifies.
    const history = await api.call('GET', `/audit?entity=patch-requirement:${requirementId}&limit=100`, { token: tenant.adminToken });
    expect(history.status, JSON.stringify(history.body)).toBe(200);
    const entries = history.body.items as { reason?: string; changes?: { field: string; to?: unknown }[] }[];
    const states = entries.flatMap((entry) => (entry.changes ?? []).filter((change) => change.field === 'state').map((change) => change.to));
    expect(states).toEqual(['testing', 'returned', 'testing', 'tested', 'scheduled', 'in-change', 'patched']);
    expect(entries.some((entry) => entry.reason?.includes('the login route 404s'))).toBe(true);
    expect((await api.call('GET', '/audit/verify', { token: tenant.adminToken })).body).toMatchObject({ valid: true });
  });

  it('keeps one requirement per asset and fix when another advisory names the same fix', async () => {
    // Another advisory (another id, another CVE) of the same fix on the same package: its approved patch meets the
    // requirement already patched — one requirement, both early warnings, both vulnerabilities.
    const second = { ...JSON.parse(PATH_TO_REGEXP), id: 'GHSA-test-same-fix1', aliases: ['CVE-2099-0001'], modified: new Date().toISOString() };
    await deliver(JSON.stringify(second));
    const before = (await requirement(requirementId)).body;
    const warning = await eventually(async () => {
      const list = await api.call('GET', '/early-warnings?limit=100', { token: dana });
      return list.body.items.find((item: { documentId: string }) => item.documentId === 'GHSA-test-same-fix1');
    }, 'second early warning');
    // Two recommendations of it name the same fix: one write of the requirement, both sources kept.
    const edited = await api.call('PUT', `/early-warnings/${warning.id}/recommendations`, {
      token: omar,
      body: {
        recommendations: [
          { kind: 'patch', summary: 'Update path-to-regexp with the next release', fixedVersions: ['0.1.10'] },
          { kind: 'patch', summary: 'Update the portal’s router dependency', fixedVersions: ['0.1.10'] },
        ],
        reason: 'two teams, one fix',
      },
      headers: { 'if-match': `"${warning.version}"` },
    });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    const review = await api.call('POST', `/early-warnings/${warning.id}/recommendation-reviews`, { token: omar, body: { reason: 'same fix' } });
    const task = await owedTask(api, dana, review.body.id, 'review');
    expect((await decide(dana, task.id)).status).toBeLessThan(300);
    const merged = await eventually(async () => {
      const read = (await requirement(requirementId)).body;
      return read.earlyWarnings.length === 3 ? read : undefined;
    }, 'merged');
    expect(merged).toMatchObject({
      state: 'patched',
      vulnerabilities: expect.arrayContaining(['CVE-2024-45296', 'CVE-2099-0001']),
      identifiedAt: before.identifiedAt,
    });
    const tracked = await api.call('GET', `/patch-requirements?earlyWarning=${warning.id}`, { token: dana });
    expect(tracked.body.items.map((item: { id: string }) => item.id)).toEqual([requirementId]);
    expect((await api.call('GET', `/patch-requirements?asset=${before.assetId}`, { token: dana })).body.items).toHaveLength(1);
  });

  it('makes no requirement of recommendations returned, revised and rejected in review', async () => {
    await deliver(JSON.stringify({ ...JSON.parse(PATH_TO_REGEXP), id: 'GHSA-test-rejected1', aliases: ['CVE-2099-0002'], modified: new Date().toISOString() }));
    const warning = await eventually(async () => {
      const list = await api.call('GET', '/early-warnings?limit=100', { token: dana });
      return list.body.items.find((item: { documentId: string }) => item.documentId === 'GHSA-test-rejected1');
    }, 'early warning');
    const review = await api.call('POST', `/early-warnings/${warning.id}/recommendation-reviews`, { token: omar, body: { reason: 'please look' } });
    const first = await owedTask(api, dana, review.body.id, 'review');
    expect((await decide(dana, first.id, 'return', 'say why not patch')).status).toBeLessThan(300);
    const revise = await owedTask(api, omar, review.body.id, 'revise');
    const revision = { recommendations: [{ kind: 'no-action', summary: 'A test advisory: nothing to do' }], reason: 'not a real vulnerability' };
    expect((await complete(omar, revise.id, revision)).status).toBeLessThan(300);
    const again = await owedTask(api, dana, review.body.id, 'review');
    expect((await decide(dana, again.id, 'reject', 'keep the advisory’s own recommendation')).status).toBeLessThan(300);
    const settled = await eventually(async () => {
      const read = (await api.call('GET', `/recommendation-reviews/${review.body.id}`, { token: dana })).body;
      return read.status === 'rejected' ? read : undefined;
    }, 'review rejected');
    expect(settled).toMatchObject({
      revisionNote: 'not a real vulnerability',
      decisionReason: 'keep the advisory’s own recommendation',
      recommendations: [{ kind: 'no-action' }],
    });
    const after = (await api.call('GET', `/early-warnings/${warning.id}`, { token: dana })).body;
    expect(after.recommendations.map((recommendation: { state: string }) => recommendation.state)).toEqual(['rejected']);
    const told = await notified('recommendations-reviewed', `/early-warnings/${warning.id}`);
    expect(told.detail.data.title).toContain('rejected');
    expect((await api.call('GET', `/patch-requirements?earlyWarning=${warning.id}`, { token: dana })).body.items).toEqual([]);
  });
});

describe('patch requirements by hand, rollbacks and what must not pass', () => {
  it('enters a vendor bulletin for equipment, merges a second entry of it, and rolls back into a reopened requirement', async () => {
    const router = await equipment('Core router PE1');
    const body = {
      assetIds: [router],
      product: 'Junos OS',
      fixedVersion: '22.4R3-S2',
      summary: 'Install Junos OS 22.4R3-S2',
      bulletin: { title: '2024-07 Security Bulletin roundup', reference: 'JSA82975' },
      vulnerabilities: ['CVE-2024-39529'],
      priority: 'high',
    };
    const created = await api.call('POST', '/patch-requirements', { token: dana, body, headers: { 'idempotency-key': 'jsa82975-pe1' } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.items).toHaveLength(1);
    const [entered] = created.body.items;
    expect(entered).toMatchObject({ origin: 'bulletin', priority: 'high', state: 'open', bulletin: { reference: 'JSA82975' }, assetName: 'Core router PE1' });
    expect(Date.parse(entered.dueAt) - Date.parse(entered.identifiedAt)).toBe(30 * 24 * HOUR);
    // A replay answers the same; the same fix entered again (more urgent, another CVE) merges into it.
    const replay = await api.call('POST', '/patch-requirements', { token: dana, body, headers: { 'idempotency-key': 'jsa82975-pe1' } });
    expect(replay.status).toBe(200);
    expect(replay.body.items[0].id).toBe(entered.id);
    const urgent = await api.call('POST', '/patch-requirements', { token: dana, body: { ...body, vulnerabilities: ['CVE-2024-39531'], priority: 'critical' } });
    expect(urgent.body.items[0]).toMatchObject({ id: entered.id, priority: 'critical', vulnerabilities: ['CVE-2024-39529', 'CVE-2024-39531'] });
    expect(Date.parse(urgent.body.items[0].dueAt) - Date.parse(entered.identifiedAt)).toBe(7 * 24 * HOUR);

    // Tested, waved, its change rolled back: the requirement is reopened, the owner told.
    const wave = await testedAndWaved([entered.id]);
    await implemented(wave.changeId, 'rolled-back');
    const reopened = await inState(entered.id, 'open');
    expect(reopened.stateReason).toContain('rolled-back');
    expect(reopened.waveId).toBeUndefined();
    expect((await api.call('GET', `/patch-waves/${wave.id}`, { token: dana })).body.status).toBe('rolled-back');
    await notified('patch-progress', `/patch-waves/${wave.id}`);

    // Filters: by asset, by priority, by a due window.
    const byAsset = await api.call('GET', `/patch-requirements?asset=${router}`, { token: dana });
    expect(byAsset.body.items.map((item: { id: string }) => item.id)).toEqual([entered.id]);
    const critical = await api.call('GET', '/patch-requirements?priority=critical&limit=100', { token: dana });
    expect(critical.body.items.map((item: { id: string }) => item.id)).toContain(entered.id);
    const dueSoon = await api.call('GET', `/patch-requirements?dueFrom=${at(-1)}&dueTo=${at(24 * 8)}&limit=100`, { token: dana });
    expect(dueSoon.body.items.map((item: { id: string }) => item.id)).toContain(entered.id);
    const later = await api.call('GET', `/patch-requirements?dueFrom=${at(24 * 8)}&limit=100`, { token: dana });
    expect(later.body.items.map((item: { id: string }) => item.id)).not.toContain(entered.id);

    // Closed as superseded, with the reason; a closed requirement is not tested.
    const closed = await api.call('POST', `/patch-requirements/${entered.id}/closure`, {
      token: dana,
      body: { resolution: 'superseded', reason: 'JSA83001 ships a later release' },
      headers: { 'if-match': `"${reopened.version}"` },
    });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    expect(closed.body).toMatchObject({ state: 'closed', closure: { resolution: 'superseded' } });
    const refused = await api.call('POST', '/patch-tests', { token: dana, body: { requirementIds: [entered.id], reason: 'x' } });
    expect(refused.status).toBe(422);
    expect(refused.body.errors[0].path).toBe('body.requirementIds.0');
  });

  it('returns, revises and rejects a wave, withdraws one and a test, and follows a refused change: the requirements come back each time', async () => {
    const router = await equipment('Core router PE7');
    const [entered] = (
      await api.call('POST', '/patch-requirements', {
        token: dana,
        body: {
          assetIds: [router],
          product: 'Junos OS',
          fixedVersion: '23.4R2',
          summary: 'Install Junos OS 23.4R2',
          bulletin: { title: 'JSA-waves' },
          priority: 'medium',
        },
      })
    ).body.items;
    // A test withdrawn by its requester (Omar, who did not ask, may not): the requirement is open again.
    const test = await api.call('POST', '/patch-tests', { token: dana, body: { requirementIds: [entered.id], assignee: tester.id, reason: 'first try' } });
    await inState(entered.id, 'testing');
    expect((await api.call('POST', `/patch-tests/${test.body.id}/withdrawal`, { token: omar, body: { reason: 'not mine' } })).status).toBe(403);
    const withdrawnTest = await api.call('POST', `/patch-tests/${test.body.id}/withdrawal`, { token: dana, body: { reason: 'the vendor pulled the build' } });
    expect(withdrawnTest.status, JSON.stringify(withdrawnTest.body)).toBe(200);
    expect(withdrawnTest.body.status).toBe('withdrawn');
    expect((await inState(entered.id, 'open')).stateReason).toContain('withdrawn');
    expect((await api.call('POST', `/patch-tests/${test.body.id}/withdrawal`, { token: dana, body: { reason: 'again' } })).status).toBe(409);

    // Tested, then a wave returned by Omar; Dana revises its window; Omar rejects it: tested again.
    const retest = await api.call('POST', '/patch-tests', {
      token: dana,
      body: { requirementIds: [entered.id], assignee: tester.id, reason: 'the new build' },
    });
    const lab = await owedTask(api, tester.token, retest.body.id, 'lab-test');
    await complete(tester.token, lab.id, { outcome: 'passed', environment: 'lab', notes: 'fine' });
    await inState(entered.id, 'tested');
    const window = { start: at(72), end: at(74) };
    const wave = await api.call('POST', '/patch-waves', { token: dana, body: { requirementIds: [entered.id], window, reason: 'first plan' } });
    const first = await owedTask(api, omar, wave.body.id, 'approve');
    expect((await decide(omar, first.id, 'return', 'the NOC is busy that night')).status).toBeLessThan(300);
    const revise = await owedTask(api, dana, wave.body.id, 'revise');
    const moved = { start: at(96), end: at(98) };
    expect((await complete(dana, revise.id, { note: 'moved a day later', window: moved })).status).toBeLessThan(300);
    const again = await owedTask(api, omar, wave.body.id, 'approve');
    const revised = await api.call('GET', `/patch-waves/${wave.body.id}`, { token: dana });
    expect(revised.body).toMatchObject({ status: 'pending-approval', reason: 'moved a day later', window: moved });
    expect((await decide(omar, again.id, 'reject', 'wait for the next release')).status).toBeLessThan(300);
    expect((await inState(entered.id, 'tested')).waveId).toBeUndefined();
    const rejected = await api.call('GET', '/patch-waves?status=rejected', { token: dana });
    expect(rejected.body.items.map((item: { id: string }) => item.id)).toContain(wave.body.id);

    // A second wave withdrawn by its planner (not by Omar); then withdrawn twice is a conflict.
    const second = await api.call('POST', '/patch-waves', { token: dana, body: { requirementIds: [entered.id], window, reason: 'second plan' } });
    await inState(entered.id, 'scheduled');
    await owedTask(api, omar, second.body.id, 'approve');
    expect((await api.call('POST', `/patch-waves/${second.body.id}/withdrawal`, { token: omar, body: { reason: 'x' } })).status).toBe(403);
    const withdrawn = await api.call('POST', `/patch-waves/${second.body.id}/withdrawal`, {
      token: dana,
      body: { reason: 'merged into the quarterly rollout' },
    });
    expect(withdrawn.status, JSON.stringify(withdrawn.body)).toBe(200);
    expect(withdrawn.body.status).toBe('withdrawn');
    await inState(entered.id, 'tested');
    expect((await api.call('POST', `/patch-waves/${second.body.id}/withdrawal`, { token: dana, body: { reason: 'again' } })).status).toBe(409);

    // A wave whose window change management refuses (longer than the tenant's longest window): tested again, the refusal shown.
    const long = await api.call('POST', '/patch-waves', {
      token: dana,
      body: { requirementIds: [entered.id], window: { start: at(100), end: at(100 + 24 * 5) }, reason: 'a long window' },
    });
    const approval = await owedTask(api, omar, long.body.id, 'approve');
    expect((await decide(omar, approval.id)).status).toBeLessThan(300);
    const refused = await eventually(async () => {
      const read = await api.call('GET', `/patch-waves/${long.body.id}`, { token: dana });
      return read.body.status === 'change-refused' ? read.body : undefined;
    }, 'change refused');
    expect(refused.refusal).toContain('data.requestedWindow');
    expect((await inState(entered.id, 'tested')).stateReason).toContain('refused');
  });

  it('tells the owners and the security officers of overdue requirements, once', async () => {
    // A tenant that gives every priority one day.
    const quick = await api.call('PUT', '/patch-settings', {
      token: dana,
      body: { slaDays: { critical: 1, high: 1, medium: 1, low: 1 } },
      headers: { 'if-match': '"0"' },
    });
    expect(quick.status, JSON.stringify(quick.body)).toBe(200);
    const routers = [await equipment('Edge router PE9'), await equipment('Edge router PE10')];
    const created = await api.call('POST', '/patch-requirements', {
      token: dana,
      body: {
        assetIds: routers,
        product: 'Junos OS',
        fixedVersion: '23.2R2',
        summary: 'Install Junos OS 23.2R2',
        bulletin: { title: 'JSA-overdue' },
        priority: 'critical',
      },
    });
    const id = created.body.items[0].id;
    expect(
      (await api.call('GET', '/patch-requirements?overdue=true&limit=100', { token: dana })).body.items.map((item: { id: string }) => item.id),
    ).not.toContain(id);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 2 * 24 * HOUR);
    try {
      const told: unknown[] = [];
      for (let run = 0; run < 2; run++) {
        const reply = await api.call('POST', '/_local/schedules/patch-overdue', { token: api.operator });
        told.push(reply.body.runs.find((entry: { tenantId: string }) => entry.tenantId === tenant.tenantId).result.told);
      }
      expect(told[0]).toBeGreaterThanOrEqual(1);
      expect(told[1]).toBe(0);
      // Two days on, Dana signs in again.
      const later = await api.tokenFor(tenant.tenantId, 'dana', ['security-officer']);
      const overdue = await api.call('GET', '/patch-requirements?overdue=true&limit=100', { token: later });
      expect(overdue.status, JSON.stringify(overdue.body)).toBe(200);
      expect(overdue.body.items.map((item: { id: string }) => item.id)).toContain(id);
    } finally {
      vi.useRealTimers();
    }
    // One message to the owner of both routers, and one summary to the security officers.
    const overdueNotice = (to: 'members' | 'roles') =>
      eventually(
        async () =>
          (
            api.bus!.recentEvents() as {
              'detail-type': string;
              detail: { tenantId: string; data: { kind?: string; title?: string; recipients?: { members?: string[]; roles?: string[] } } };
            }[]
          ).find(
            (event) =>
              event['detail-type'] === 'NotificationRequested' &&
              event.detail.tenantId === tenant.tenantId &&
              event.detail.data.kind === 'patch-overdue' &&
              event.detail.data.recipients?.[to] !== undefined,
          )?.detail.data,
        `overdue notice to ${to}`,
      );
    const told = [await overdueNotice('members'), await overdueNotice('roles')];
    expect(told.find((data) => data.recipients?.members)?.title).toMatch(/^\d+ overdue patches on your assets$/);
    expect(told.find((data) => data.recipients?.roles)?.title).toMatch(/^\d+ patch requirements are newly overdue$/);
    expect((await requirement(id)).body.overdueNotifiedAt).toBeDefined();
  });

  it('refuses what must not pass: mixed fixes, untested waves, other tenants’ records, wrong roles, bad input', async () => {
    const [first, second] = [await equipment('PE-A'), await equipment('PE-B')];
    const one = (
      await api.call('POST', '/patch-requirements', {
        token: dana,
        body: { assetIds: [first], product: 'Junos OS', fixedVersion: '24.2R1', summary: 'a', bulletin: { title: 'b' }, priority: 'medium' },
      })
    ).body.items[0];
    const two = (
      await api.call('POST', '/patch-requirements', {
        token: dana,
        body: { assetIds: [second], product: 'Junos OS', fixedVersion: '24.4R1', summary: 'c', bulletin: { title: 'd' }, priority: 'medium' },
      })
    ).body.items[0];
    const mixed = await api.call('POST', '/patch-tests', { token: dana, body: { requirementIds: [one.id, two.id], reason: 'both' } });
    expect(mixed.status).toBe(422);
    expect(mixed.body.errors[0]).toMatchObject({ path: 'body.requirementIds' });
    const untested = await api.call('POST', '/patch-waves', {
      token: dana,
      body: { requirementIds: [one.id], window: { start: at(2), end: at(3) }, reason: 'now' },
    });
    expect(untested.status).toBe(422);
    expect(untested.body.errors[0].path).toBe('body.requirementIds.0');
    const backwards = await api.call('POST', '/patch-waves', {
      token: dana,
      body: { requirementIds: [one.id], window: { start: at(3), end: at(2) }, reason: 'now' },
    });
    expect(backwards.status).toBe(400);
    expect(backwards.body.errors[0].path).toBe('body.window.end');
    // Another tenant's records are not found, and are not taken into a test or a bulletin.
    expect((await api.call('GET', `/patch-requirements/${one.id}`, { token: other.adminToken })).status).toBe(404);
    const foreign = await api.call('POST', '/patch-tests', { token: other.adminToken, body: { requirementIds: [one.id], reason: 'steal' } });
    expect(foreign.status).toBe(422);
    const foreignAsset = await api.call('POST', '/patch-requirements', {
      token: other.adminToken,
      body: { assetIds: [first], product: 'x', summary: 'y', bulletin: { title: 'z' }, priority: 'low' },
    });
    expect(foreignAsset.status).toBe(422);
    expect(foreignAsset.body.errors[0].path).toBe('body.assetIds.0');
    expect((await api.call('GET', '/patch-requirements?limit=100', { token: other.adminToken })).body.items).toEqual([]);
    // Staff neither read nor enter requirements; a bulletin's oversized list and a non-URL are refused, nothing stored.
    expect((await api.call('GET', '/patch-requirements', { token: staff })).status).toBe(403);
    expect((await api.call('POST', '/patch-requirements', { token: staff, body: {} })).status).toBe(403);
    const tooMany = await api.call('POST', '/patch-requirements', {
      token: dana,
      body: { assetIds: Array.from({ length: 101 }, () => first), product: 'x', summary: 'y', bulletin: { title: 'z' }, priority: 'low' },
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.errors[0].path).toBe('body.assetIds');
    const badUrl = await api.call('POST', '/patch-requirements', {
      token: dana,
      body: { assetIds: [first], product: 'x', summary: 'y', bulletin: { title: 'z', url: 'javascript:alert(1)' }, priority: 'low' },
    });
    expect(badUrl.status).toBe(400);
    expect(badUrl.body.errors[0].path).toBe('body.bulletin.url');
    expect((await api.call('GET', `/patch-requirements?asset=${first}`, { token: dana })).body.items).toHaveLength(1);
    // The SLAs are the tenant's, versioned.
    const settings = await api.call('GET', '/patch-settings', { token: dana });
    expect(settings.body).toMatchObject({ version: 1, slaDays: { critical: 1, high: 1, medium: 1, low: 1 } });
    const put = await api.call('PUT', '/patch-settings', {
      token: dana,
      body: { slaDays: { critical: 3, high: 14, medium: 60, low: 120 } },
      headers: { 'if-match': '"1"' },
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    const stale = await api.call('PUT', '/patch-settings', {
      token: dana,
      body: { slaDays: { critical: 3, high: 14, medium: 60, low: 120 } },
      headers: { 'if-match': '"1"' },
    });
    expect(stale.status).toBe(412);
    const due = (
      await api.call('POST', '/patch-requirements', {
        token: dana,
        body: { assetIds: [second], product: 'IOS XR', summary: 'e', bulletin: { title: 'f' }, priority: 'critical' },
      })
    ).body.items[0];
    expect(Date.parse(due.dueAt) - Date.parse(due.identifiedAt)).toBe(3 * 24 * HOUR);
    expect((await api.call('GET', '/patch-settings', { token: other.adminToken })).body.version).toBe(0);
  });
});
