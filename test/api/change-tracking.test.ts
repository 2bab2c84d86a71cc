// Tracking and monitoring changes (X.1052 12.2.4 f) on the local stack: the daily job announces reviews that
// fell due (once, and an overdue emergency change to the security officers too), the hourly job tells the
// owners before a window opens, the report counts outcomes per class, failed and rolled-back changes are
// listable, and a tenant's board quorum holds the authorization open until enough members approved.
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

async function organization() {
  const { tenantId, adminToken, adminId } = await api.newTenant('track');
  const users = async () => (await api.call('GET', '/users?limit=100', { token: adminToken })).body.items as { id: string; email: string }[];
  const person = async (name: string, roles: string[]) => {
    const email = `${name}@${tenantId}.example`;
    const token = await api.tokenFor(tenantId, email, roles);
    return { token, email, id: (await users()).find((user) => user.email === email)!.id };
  };
  const org = {
    tenantId,
    admin: adminToken,
    adminId,
    adminEmail: `admin@${tenantId}.example`,
    planner: await person('planner', ['security-officer']),
    officer: await person('officer', ['security-officer']),
    boardA: await person('board-a', ['manager']),
    boardB: await person('board-b', ['manager']),
    implementer: await person('implementer', ['staff']),
  };
  const asset = await api.call('POST', '/assets', {
    token: adminToken,
    body: {
      name: 'Transport switch',
      type: 'physical',
      owner: adminId,
      location: 'DC2',
      classification: 'internal',
      confidentiality: 2,
      integrity: 2,
      availability: 2,
    },
  });
  return { ...org, assetId: asset.body.id as string };
}
type Org = Awaited<ReturnType<typeof organization>>;

/** An emergency change requested, planned and submitted: its authorization waits for the managers. */
async function submittedEmergency(org: Org, window: { start: string; end: string }, title = `Emergency ${window.start}`) {
  const created = await api.call('POST', '/change-requests', {
    token: org.planner.token,
    body: { title, reason: 'an exploited flaw', class: 'emergency', assets: [org.assetId], requestedWindow: window },
  });
  const planned = await api.call('PUT', `/change-requests/${created.body.id}/plan`, {
    token: org.planner.token,
    headers: { 'if-match': created.headers.get('etag')! },
    body: {
      steps: ['patch'],
      effectivenessCheck: 'scan',
      continuity: 'mate switch',
      window,
      serviceImpact: 'none',
      labTest: { role: 'staff' },
      implementer: org.implementer.id,
    },
  });
  expect(planned.status, JSON.stringify(planned.body)).toBe(200);
  const submitted = await api.call('POST', `/change-requests/${created.body.id}/submission`, {
    token: org.planner.token,
    headers: { 'if-match': planned.headers.get('etag')! },
  });
  expect(submitted.status).toBe(200);
  return created.body.id as string;
}

/** An emergency change authorized by one manager: the quickest way to an authorized change. */
async function authorizedEmergency(org: Org, window: { start: string; end: string }) {
  const id = await submittedEmergency(org, window);
  const authorize = await owedTask(api, org.boardA.token, id, 'authorize');
  expect((await api.call('POST', `/approvals/${authorize.id}/decision`, { token: org.boardA.token, body: { outcome: 'approve' } })).status).toBe(200);
  return eventually(async () => {
    const reply = await api.call('GET', `/change-requests/${id}`, { token: org.officer.token });
    return reply.body.state === 'authorized' ? reply : undefined;
  }, 'authorized');
}

async function implemented(org: Org, change: Awaited<ReturnType<typeof authorizedEmergency>>, outcome: string, end: string) {
  const reply = await api.call('POST', `/change-requests/${change.body.id}/implementation`, {
    token: org.implementer.token,
    headers: { 'if-match': change.headers.get('etag')! },
    body: { start: new Date(Date.parse(end) - HOUR).toISOString(), end, outcome, notes: outcome },
  });
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  return reply;
}

const runJob = (name: string) => api.call('POST', `/_local/schedules/${name}`, { token: api.operator });

describe('reviews that fall due', () => {
  it('announces an overdue emergency review once, to the security officers, and lists it on their tasks', async () => {
    const org = await organization();
    const change = await authorizedEmergency(org, { start: at(1), end: at(3) });
    // Implemented six days ago: an emergency change is reviewed within five.
    const done = await implemented(org, change, 'implemented', at(-6 * 24));
    expect(done.body.implementation.outsideWindow).toBe(true);
    const tasks = await api.call('GET', '/me/tasks', { token: org.officer.token });
    expect(tasks.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'change-review', id: change.body.id, overdue: true })]));
    for (const review of ['owed', 'overdue']) {
      const listed = await api.call('GET', `/change-requests?review=${review}`, { token: org.officer.token });
      expect(listed.body.items.map((item: { id: string }) => item.id)).toEqual([change.body.id]);
    }
    expect((await runJob('change-review-due')).status).toBe(200);
    const overdue = () => mailsTo(api.mailDir!, org.officer.email).then((mails) => mails.filter((mail) => mail.subject.startsWith('Overdue: the review')));
    await eventually(async () => ((await overdue()).length === 1 ? true : undefined), 'the overdue mail');
    expect((await runJob('change-review-due')).status).toBe(200);
    await api.relay!.drain();
    expect(await overdue()).toHaveLength(1);
  });
});

describe('owners before the window', () => {
  it('tells the owners once the window opens within the notice period', async () => {
    const org = await organization();
    const settings = await api.call('GET', '/change-settings', { token: org.admin });
    const short = await api.call('PUT', '/change-settings', {
      token: org.admin,
      headers: { 'if-match': settings.headers.get('etag')! },
      body: { ownerNoticeHours: 2 },
    });
    expect(short.status, JSON.stringify(short.body)).toBe(200);
    const change = await authorizedEmergency(org, { start: at(10), end: at(12) });
    expect(change.body.ownersNotifiedAt).toBeUndefined();
    const longer = await api.call('PUT', '/change-settings', {
      token: org.admin,
      headers: { 'if-match': short.headers.get('etag')! },
      body: { ownerNoticeHours: 24 },
    });
    expect(longer.status).toBe(200);
    expect((await runJob('change-window-notice')).status).toBe(200);
    await eventually(
      async () => ((await mailsTo(api.mailDir!, org.adminEmail)).some((mail) => mail.subject.startsWith('A change to your assets')) ? true : undefined),
      'the owner’s notice',
    );
    expect((await api.call('GET', `/change-requests/${change.body.id}`, { token: org.officer.token })).body.ownersNotifiedAt).toBeDefined();
  });
});

describe('the report and the lists of what went wrong', () => {
  it('counts outcomes per class and lists the rolled-back and failed changes', async () => {
    const org = await organization();
    const one = await authorizedEmergency(org, { start: at(1), end: at(3) });
    const two = await authorizedEmergency(org, { start: at(4), end: at(6) });
    await implemented(org, one, 'implemented', at(2));
    const rolledBack = await implemented(org, two, 'rolled-back', at(5));
    const report = await api.call('GET', `/change-report?from=${encodeURIComponent(at(-1))}&to=${encodeURIComponent(at(24))}`, { token: org.officer.token });
    expect(report.status).toBe(200);
    expect(report.body.classes.emergency).toMatchObject({ implemented: 1, rolledBack: 1, successRate: 0.5, implementedOutsideWindow: 0 });
    expect(report.body.classes.normal).toMatchObject({ implemented: 0, authorized: 0 });
    expect(report.body.classes.emergency.meanHoursToImplement).toBeGreaterThan(0);
    const listed = await api.call('GET', '/change-requests?state=rolled-back', { token: org.officer.token });
    expect(listed.body.items.map((item: { id: string }) => item.id)).toEqual([rolledBack.body.id]);
    const tooLong = await api.call('GET', `/change-report?from=${encodeURIComponent(at(-24 * 400))}&to=${encodeURIComponent(at(0))}`, {
      token: org.officer.token,
    });
    expect([tooLong.status, tooLong.body.errors[0].path]).toEqual([400, 'query.to']);
  });
});

describe('a change advisory board', () => {
  it('keeps the authorization open until the quorum of the tenant’s setting approved', async () => {
    const org = await organization();
    const settings = await api.call('GET', '/change-settings', { token: org.admin });
    const board = await api.call('PUT', '/change-settings', {
      token: org.admin,
      headers: { 'if-match': settings.headers.get('etag')! },
      body: { authorization: { normal: { role: 'manager', quorum: 2 }, emergency: { quorum: 2 } } },
    });
    expect(board.status, JSON.stringify(board.body)).toBe(200);
    const changeId = await submittedEmergency(org, { start: at(5), end: at(6) }, 'Board change');
    const authorize = await owedTask(api, org.boardA.token, changeId, 'authorize');
    const first = await api.call('POST', `/approvals/${authorize.id}/decision`, { token: org.boardA.token, body: { outcome: 'approve' } });
    expect(first.body).toMatchObject({ status: 'pending', quorum: 2, votes: [{ byPerson: { email: org.boardA.email } }] });
    expect((await api.call('GET', `/change-requests/${changeId}`, { token: org.officer.token })).body.state).toBe('submitted');
    expect((await api.call('POST', `/approvals/${authorize.id}/decision`, { token: org.boardB.token, body: { outcome: 'approve' } })).body.status).toBe(
      'approved',
    );
    await eventually(
      async () => ((await api.call('GET', `/change-requests/${changeId}`, { token: org.officer.token })).body.state === 'authorized' ? true : undefined),
      'authorized by the board',
    );
  });
});
