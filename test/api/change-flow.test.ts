// Security change management end to end on the local stack, flows on the real ASL (X.1052 12.2.4 c–f): a
// normal change from request to review — a failed lab test returns the plan, the revision is tested again in
// the lab and on site, a board member who tested it may not authorize, a manager authorizes, the implementer
// records it, the assets' histories show it, the manager of the implementer reviews it with negative impact;
// the emergency and standard paths; overlaps flagged on both changes; refusals that store nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type Api } from '../support/api.ts';
import { eventually } from '../support/eventually.ts';
import { mailsTo } from '../support/mails.ts';
import { owedTask } from '../support/owed.ts';

let api: Api;
beforeAll(async () => {
  api = await startApi({ events: true });
  api.relay!.start();
});
afterAll(() => api.close());

const HOUR = 3_600_000;
const at = (hours: number) => new Date(Date.now() + hours * HOUR).toISOString();

interface Person {
  token: string;
  id: string;
  email: string;
}

interface Org {
  tenantId: string;
  admin: string;
  adminId: string;
  planner: Person;
  tester: Person;
  siteTester: Person;
  boardTester: Person;
  authorizer: Person;
  implementer: Person;
  reviewer: Person;
  officer: Person;
}

async function organization(): Promise<Org> {
  const { tenantId, adminToken, adminId } = await api.newTenant('change');
  const person = async (name: string, roles: string[]): Promise<Person> => {
    const email = `${name}@${tenantId}.example`;
    const token = await api.tokenFor(tenantId, email, roles);
    const users = await api.call('GET', '/users?limit=100', { token: adminToken });
    const id = (users.body.items as { id: string; email: string }[]).find((user) => user.email === email)!.id;
    return { token, id, email };
  };
  const org = {
    tenantId,
    admin: adminToken,
    adminId,
    planner: await person('planner', ['security-officer']),
    tester: await person('tester', ['staff']),
    siteTester: await person('site-tester', ['staff']),
    boardTester: await person('board-tester', ['staff', 'manager']),
    authorizer: await person('authorizer', ['manager']),
    implementer: await person('implementer', ['staff']),
    reviewer: await person('reviewer', ['manager']),
    officer: await person('officer', ['security-officer']),
  };
  // The implementer reports to the reviewer: the post-implementation review is theirs.
  const implementer = await api.call('GET', `/users/${org.implementer.id}`, { token: adminToken });
  const managed = await api.call('PATCH', `/users/${org.implementer.id}`, {
    token: adminToken,
    headers: { 'if-match': implementer.headers.get('etag')! },
    body: { managerId: org.reviewer.id },
  });
  expect(managed.status, JSON.stringify(managed.body)).toBe(200);
  return org;
}

async function asset(org: Org, name: string, fields: Record<string, unknown> = {}, dependsOn?: string[]) {
  const reply = await api.call('POST', '/assets', {
    token: org.admin,
    body: {
      name,
      type: 'software',
      businessProcess: 'Voice',
      owner: org.adminId,
      location: 'DC1',
      classification: 'internal',
      confidentiality: 2,
      integrity: 2,
      availability: 2,
      ...fields,
    },
  });
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  if (dependsOn) {
    const linked = await api.call('PUT', `/assets/${reply.body.id}/dependencies`, {
      token: org.admin,
      headers: { 'if-match': reply.headers.get('etag')! },
      body: { dependsOn, reason: 'runs on it' },
    });
    expect(linked.status, JSON.stringify(linked.body)).toBe(200);
  }
  return reply.body as { id: string; version: number };
}

const plan = (org: Org, window: { start: string; end: string }, more: Record<string, unknown> = {}) => ({
  steps: ['drain traffic from the node', 'upgrade the firmware', 'restore traffic'],
  effectivenessCheck: 'attach success rate back at last week’s level',
  rollback: ['reinstall the previous firmware image'],
  continuity: 'the mate node carries the traffic',
  window,
  serviceImpact: 'degraded',
  labTest: { assignee: org.tester.id },
  onSiteTest: { assignee: org.siteTester.id },
  implementer: org.implementer.id,
  ...more,
});

const passed = {
  outcome: 'passed',
  environment: 'vendor lab, simulated core',
  notes: 'upgrade and rollback rehearsed',
  testData: { description: 'synthetic subscribers', productionPersonalData: false },
};

/** Requests a change and writes its plan: a draft ready to submit. */
async function planned(
  org: Org,
  assets: string[],
  options: { class?: string; window?: { start: string; end: string }; plan?: Record<string, unknown>; templateId?: string } = {},
) {
  const window = options.window ?? { start: at(48), end: at(52) };
  const created = await api.call('POST', '/change-requests', {
    token: org.planner.token,
    body: {
      title: 'Core firmware 21.4',
      reason: 'the vendor advisory fixes a signalling flaw',
      class: options.class ?? 'normal',
      assets,
      requestedWindow: window,
      ...(options.templateId ? { templateId: options.templateId } : {}),
    },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const written = await api.call('PUT', `/change-requests/${created.body.id}/plan`, {
    token: org.planner.token,
    headers: { 'if-match': created.headers.get('etag')! },
    body: plan(org, window, options.plan),
  });
  expect(written.status, JSON.stringify(written.body)).toBe(200);
  return { id: created.body.id as string, etag: written.headers.get('etag')! };
}

async function submitted(org: Org, change: { id: string; etag: string }) {
  const reply = await api.call('POST', `/change-requests/${change.id}/submission`, { token: org.planner.token, headers: { 'if-match': change.etag } });
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  expect(reply.body.state).toBe('submitted');
  return reply.body as { id: string; flowId: string };
}

const read = (org: Org, id: string) => api.call('GET', `/change-requests/${id}`, { token: org.officer.token });
const inState = (org: Org, id: string, state: string) =>
  eventually(async () => {
    const reply = await read(org, id);
    return reply.body.state === state ? reply : undefined;
  }, `change ${id} ${state}`);
const complete = (token: string, taskId: string, result: unknown) => api.call('POST', `/tasks/${taskId}/completion`, { token, body: { result } });
const decide = (token: string, approvalId: string, outcome = 'approve', reason?: string) =>
  api.call('POST', `/approvals/${approvalId}/decision`, { token, body: { outcome, ...(reason ? { reason } : {}) } });

describe('a normal change, from request to review', () => {
  it('tests, returns, retests, authorizes, implements, records on the assets and reviews with negative impact', async () => {
    const org = await organization();
    const core = await asset(org, 'Core MSC firmware', { confidentiality: 5 });
    const billing = await asset(org, 'Billing mediation', {}, [core.id]);
    const change = await planned(org, [core.id]);
    const { flowId } = await submitted(org, change);

    // (c) The lab test fails: the plan goes back to its author.
    const lab = await owedTask(api, org.tester.token, change.id, 'lab-test');
    const wrongPerson = await complete(org.siteTester.token, lab.id, passed);
    expect(wrongPerson.status).toBe(403);
    const personalData = await complete(org.tester.token, lab.id, { ...passed, testData: { description: 'a copy of the HLR', productionPersonalData: true } });
    expect(personalData.status).toBe(422);
    expect(personalData.body.errors[0].path).toBe('body.result.testData.productionPersonalData');
    expect((await complete(org.tester.token, lab.id, { ...passed, outcome: 'failed', notes: 'the rollback image would not boot' })).status).toBe(200);
    const revise = await owedTask(api, org.planner.token, change.id, 'revise');
    const returned = await inState(org, change.id, 'returned');
    expect(returned.body.tests).toMatchObject([{ kind: 'lab', outcome: 'failed', planVersion: 1 }]);
    // The task asks for the revised plan first; the plan is revised where the tenant's rules are checked.
    const early = await complete(org.planner.token, revise.id, { note: 'nothing yet' });
    expect([early.status, early.body.errors?.[0]?.path]).toEqual([422, 'body.result']);
    const revisedWindow = { start: at(50), end: at(54) };
    const revisedPlan = await api.call('PUT', `/change-requests/${change.id}/plan`, {
      token: org.planner.token,
      headers: { 'if-match': returned.headers.get('etag')! },
      body: plan(org, revisedWindow, { rollback: ['boot the verified previous image', 'restore traffic'] }),
    });
    expect(revisedPlan.status, JSON.stringify(revisedPlan.body)).toBe(200);
    const revision = await complete(org.planner.token, revise.id, { note: 'a bootable rollback image' });
    expect(revision.status, JSON.stringify(revision.body)).toBe(200);

    // Tested again, in the lab (by a board member this time) and on site.
    const again = await owedTask(api, org.tester.token, change.id, 'lab-test');
    expect(again.id).not.toBe(lab.id);
    expect((await complete(org.tester.token, again.id, passed)).status).toBe(200);
    const site = await owedTask(api, org.siteTester.token, change.id, 'on-site-test');
    expect((await complete(org.siteTester.token, site.id, { ...passed, environment: 'DC1 spare node' })).status).toBe(200);

    // (d) Authorization: the snapshot shows the tests, the impact and the risk score; the planner may not decide.
    const authorize = await owedTask(api, org.authorizer.token, change.id, 'authorize');
    const approval = await api.call('GET', `/approvals/${authorize.id}`, { token: org.authorizer.token });
    expect(approval.body.snapshot).toMatchObject({
      planVersion: 2,
      impact: { assets: 1, maxImportance: 5, dependents: 1 },
      riskScore: { importance: 5, exposure: 2, blastRadius: 1, score: 10, level: 'low' },
      tests: [
        { kind: 'lab', outcome: 'passed' },
        { kind: 'on-site', outcome: 'passed' },
      ],
    });
    expect(approval.body.excluded.map((entry: { why: string }) => entry.why)).toEqual(
      expect.arrayContaining(['requester', 'participant in the earlier step “lab-test”', 'participant in the earlier step “on-site-test”']),
    );
    expect((await decide(org.planner.token, authorize.id)).status).toBe(403);
    expect((await decide(org.authorizer.token, authorize.id)).status).toBe(200);
    const authorized = await inState(org, change.id, 'authorized');
    expect(authorized.body.windowStart).toBe(revisedWindow.start);

    // (e) Implementation, by the implementer the plan names, once.
    const implementation = { start: authorized.body.windowStart, end: authorized.body.windowEnd, outcome: 'implemented', notes: 'done; traffic restored' };
    const ifMatch = { 'if-match': authorized.headers.get('etag')! };
    const stranger = await api.call('POST', `/change-requests/${change.id}/implementation`, {
      token: org.tester.token,
      headers: ifMatch,
      body: implementation,
    });
    expect(stranger.status).toBe(403);
    const done = await api.call('POST', `/change-requests/${change.id}/implementation`, {
      token: org.implementer.token,
      headers: ifMatch,
      body: implementation,
    });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toMatchObject({
      state: 'implemented',
      implementation: { outcome: 'implemented', outsideWindow: false },
      technicalReviewsDue: [{ assetId: billing.id }],
    });
    expect(Date.parse(done.body.reviewDueAt) - Date.parse(implementation.end)).toBe(7 * 24 * HOUR);
    const second = await api.call('POST', `/change-requests/${change.id}/implementation`, {
      token: org.implementer.token,
      headers: { 'if-match': done.headers.get('etag')! },
      body: implementation,
    });
    expect(second.status).toBe(409);

    // Each affected asset's history shows the change.
    const history = await eventually(async () => {
      const entries = await api.call('GET', `/assets/${core.id}/history`, { token: org.admin });
      return (entries.body.items as { reason?: string }[]).find((entry) => entry.reason?.includes(change.id)) ? entries : undefined;
    }, 'the change in the asset’s history');
    expect(history.status).toBe(200);
    expect((await api.call('GET', `/assets/${core.id}`, { token: org.admin })).body.lastChange).toMatchObject({ changeId: change.id, outcome: 'implemented' });

    // (f) The review is owed by the implementer's manager.
    const tasks = await api.call('GET', '/me/tasks', { token: org.reviewer.token });
    expect(tasks.body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'change-review', id: change.id, link: `/change-requests/${change.id}` })]),
    );
    const reviewHeaders = { 'if-match': done.headers.get('etag')! };
    const review = {
      effective: true,
      negativeImpact: true,
      degradations: 'location updates slowed for 20 minutes',
      incidentRefs: ['INC-311'],
      notes: 'rollback not needed',
    };
    const incomplete = await api.call('POST', `/change-requests/${change.id}/review`, { token: org.reviewer.token, headers: reviewHeaders, body: review });
    expect(incomplete.status).toBe(422);
    expect(incomplete.body.errors[0].path).toBe('body.technicalReviews');
    expect((await api.call('POST', `/change-requests/${change.id}/review`, { token: org.authorizer.token, headers: reviewHeaders, body: review })).status).toBe(
      403,
    );
    const reviewed = await api.call('POST', `/change-requests/${change.id}/review`, {
      token: org.reviewer.token,
      headers: reviewHeaders,
      body: { ...review, technicalReviews: [{ assetId: billing.id, result: 'no-issues', notes: 'mediation ran its test batch' }] },
    });
    expect(reviewed.status, JSON.stringify(reviewed.body)).toBe(200);
    expect(reviewed.body.review).toMatchObject({ effective: true, negativeImpact: true, incidentRefs: ['INC-311'] });
    // ChangeCausedNegativeImpact reached the security officers (and ISIRT) as a notification.
    await eventually(
      async () =>
        (await mailsTo(api.mailDir!, org.officer.email)).some((mail) => mail.subject.startsWith('A change caused negative impact')) ? true : undefined,
      'the negative impact mail',
    );

    const flow = await api.call('GET', `/flows/${flowId}`, { token: org.officer.token });
    expect(flow.body).toMatchObject({ status: 'approved' });
    expect(flow.body.steps.map((step: { step: string }) => step.step)).toEqual(['lab-test', 'on-site-test', 'authorize']);
    expect(flow.body.history.map((entry: { step: string; outcome: string }) => `${entry.step}:${entry.outcome}`)).toEqual([
      'lab-test:completed',
      'revise:completed',
      'lab-test:completed',
      'on-site-test:completed',
      'authorize:approve',
    ]);
  });

  it('keeps a tester from authorizing, even one who sits on the board', async () => {
    const org = await organization();
    const node = await asset(org, 'Edge router');
    const change = await planned(org, [node.id], { plan: { labTest: { assignee: org.boardTester.id }, onSiteTest: undefined } });
    await submitted(org, change);
    const lab = await owedTask(api, org.boardTester.token, change.id, 'lab-test');
    expect((await complete(org.boardTester.token, lab.id, passed)).status).toBe(200);
    const authorize = await owedTask(api, org.authorizer.token, change.id, 'authorize');
    const refused = await decide(org.boardTester.token, authorize.id);
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toBe('separation of duties: you are the participant in the earlier step “lab-test”, so you may not decide this step');
  });
});

describe('emergency and standard changes', () => {
  it('authorizes an emergency change first, within hours, even in a freeze, and asks for its test with the review', async () => {
    const org = await organization();
    const node = await asset(org, 'Signalling gateway');
    const window = { start: at(1), end: at(3) };
    const freeze = await api.call('POST', '/change-freezes', {
      token: org.officer.token,
      body: { name: 'Launch week', start: at(0), end: at(24), reason: 'the 5G launch' },
    });
    expect(freeze.status).toBe(201);
    const change = await planned(org, [node.id], { class: 'emergency', window });
    await submitted(org, change);
    const authorize = await owedTask(api, org.authorizer.token, change.id, 'authorize');
    const approval = await api.call('GET', `/approvals/${authorize.id}`, { token: org.authorizer.token });
    expect(approval.body).toMatchObject({ role: 'manager', timeout: 'PT4H', act: 'Authorize the emergency change' });
    expect(Date.parse(approval.body.dueAt) - Date.parse(approval.body.openedAt)).toBe(4 * HOUR);
    expect((await decide(org.authorizer.token, authorize.id)).status).toBe(200);
    const authorized = await inState(org, change.id, 'authorized');
    const done = await api.call('POST', `/change-requests/${change.id}/implementation`, {
      token: org.implementer.token,
      headers: { 'if-match': authorized.headers.get('etag')! },
      body: { start: at(0.5), end: at(2), outcome: 'implemented', notes: 'patched under the emergency procedure' },
    });
    expect(done.status).toBe(200);
    expect(done.body.implementation.outsideWindow).toBe(true);
    expect(Date.parse(done.body.reviewDueAt) - Date.parse(done.body.implementation.end)).toBe(5 * 24 * HOUR);
    const review = { effective: true, negativeImpact: false, notes: 'stable since' };
    const headers = { 'if-match': done.headers.get('etag')! };
    const untested = await api.call('POST', `/change-requests/${change.id}/review`, { token: org.reviewer.token, headers, body: review });
    expect([untested.status, untested.body.errors[0].path]).toEqual([422, 'body.afterTheFactTest']);
    const reviewed = await api.call('POST', `/change-requests/${change.id}/review`, {
      token: org.reviewer.token,
      headers,
      body: { ...review, afterTheFactTest: passed },
    });
    expect(reviewed.status).toBe(200);
    expect(reviewed.body.tests).toMatchObject([{ kind: 'after-the-fact', outcome: 'passed' }]);
  });

  it('authorizes a standard change by its approved template, with no test or decision', async () => {
    const org = await organization();
    const node = await asset(org, 'Endpoint protection');
    const template = await api.call('POST', '/change-templates', {
      token: org.planner.token,
      body: {
        name: 'Definition update',
        description: 'vendor-signed signatures',
        steps: ['push the definitions'],
        rollback: ['push the previous ones'],
        assetTypes: ['software'],
      },
    });
    expect(template.status, JSON.stringify(template.body)).toBe(201);
    const unapproved = await api.call('POST', '/change-requests', {
      token: org.planner.token,
      body: {
        title: 'Definitions',
        reason: 'daily',
        class: 'standard',
        templateId: template.body.id,
        assets: [node.id],
        requestedWindow: { start: at(5), end: at(6) },
      },
    });
    expect([unapproved.status, unapproved.body.errors?.[0]?.path]).toEqual([422, 'body.templateId']);
    const check = await owedTask(api, org.officer.token, template.body.id, 'check');
    expect((await decide(org.officer.token, check.id)).status).toBe(200);
    const approve = await owedTask(api, org.authorizer.token, template.body.id, 'approve');
    expect((await decide(org.authorizer.token, approve.id)).status).toBe(200);
    await eventually(
      async () =>
        (await api.call('GET', `/change-templates/${template.body.id}`, { token: org.officer.token })).body.status === 'approved' ? true : undefined,
      'template approved',
    );

    const change = await planned(org, [node.id], {
      class: 'standard',
      templateId: template.body.id,
      window: { start: at(5), end: at(6) },
      plan: { rollback: ['push the previous ones'], onSiteTest: undefined },
    });
    const { flowId } = await submitted(org, change);
    await inState(org, change.id, 'authorized');
    const flow = await api.call('GET', `/flows/${flowId}`, { token: org.officer.token });
    expect(flow.body).toMatchObject({ status: 'approved', steps: [], history: [] });
  });
});

describe('conflicts and refusals', () => {
  it('flags two authorized changes on the same asset with overlapping windows, on both', async () => {
    const org = await organization();
    const node = await asset(org, 'Radio controller');
    const first = await planned(org, [node.id], { class: 'emergency', window: { start: at(10), end: at(14) } });
    const second = await planned(org, [node.id], { class: 'emergency', window: { start: at(12), end: at(16) } });
    for (const change of [first, second]) {
      await submitted(org, change);
      const authorize = await owedTask(api, org.authorizer.token, change.id, 'authorize');
      expect((await decide(org.authorizer.token, authorize.id)).status).toBe(200);
      await inState(org, change.id, 'authorized');
    }
    // The conflict check answers ChangeAuthorized: both changes carry the flag once it has run.
    const flagged = (id: string) =>
      eventually(async () => ((await read(org, id)).body.conflicts.length ? (await read(org, id)).body.conflicts : undefined), `conflicts on ${id}`);
    expect(await flagged(first.id)).toEqual([second.id]);
    expect(await flagged(second.id)).toEqual([first.id]);
    await eventually(
      async () => ((await mailsTo(api.mailDir!, org.officer.email)).some((mail) => mail.subject.startsWith('Overlapping changes')) ? true : undefined),
      'the overlap mail',
    );
  });

  it('refuses a normal change whose window fell into a freeze declared after its plan, and implementing an unauthorized change', async () => {
    const org = await organization();
    const node = await asset(org, 'Billing gateway');
    const change = await planned(org, [node.id], { window: { start: at(30), end: at(32) } });
    expect(
      (await api.call('POST', '/change-freezes', { token: org.officer.token, body: { name: 'Year end', start: at(24), end: at(48), reason: 'closing' } }))
        .status,
    ).toBe(201);
    const refused = await api.call('POST', `/change-requests/${change.id}/submission`, { token: org.planner.token, headers: { 'if-match': change.etag } });
    expect([refused.status, refused.body.errors[0].path]).toEqual([422, 'plan.window.start']);
    const early = await api.call('POST', `/change-requests/${change.id}/implementation`, {
      token: org.implementer.token,
      headers: { 'if-match': change.etag },
      body: { start: at(30), end: at(31), outcome: 'implemented', notes: 'x' },
    });
    expect(early.status).toBe(409);
    expect((await read(org, change.id)).body).toMatchObject({ state: 'draft' });
    expect((await read(org, change.id)).body.implementation).toBeUndefined();
  });
});
