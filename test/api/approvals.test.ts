// Human decisions on Step Functions, end to end on the local stack with the real ASL: an asset policy
// change is checked by a security officer and approved by a manager before it takes effect.
import { registry } from '@ismf/app/areas';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ASSET_POLICY } from '@ismf/assets/rules';
import { interruptOrphanedLocalTasks } from '@ismf/local/interrupted-tasks';
import { startApi, type Api } from '../support/api.ts';
import { eventually } from '../support/eventually.ts';
import { mailsTo as mailsToAddress, readMails } from '../support/mails.ts';
import { owedTask } from '../support/owed.ts';

let api: Api;
beforeAll(async () => {
  api = await startApi({ events: true });
  api.relay!.start();
});
afterAll(() => api.close());

interface Org {
  tenantId: string;
  admin: string;
  requester: string;
  checker: string;
  coAuthor: string;
  manager: string;
  /** Holds both deciding roles: may check, then may not approve the same execution. */
  both: string;
}

async function organization(): Promise<Org> {
  const { tenantId, adminToken } = await api.newTenant('flow');
  const token = (name: string, roles: string[]) => api.tokenFor(tenantId, `${name}@${tenantId}.example`, roles);
  return {
    tenantId,
    admin: adminToken,
    requester: await token('requester', ['security-officer']),
    checker: await token('checker', ['security-officer']),
    coAuthor: await token('co-author', ['security-officer']),
    manager: await token('manager', ['manager']),
    both: await token('both', ['security-officer', 'manager']),
  };
}

const policy = (processes: string[]) => ({ ...DEFAULT_ASSET_POLICY, businessProcesses: processes });

async function submit(org: Org, processes = ['Billing'], token = org.requester) {
  const reply = await api.call('POST', '/asset-policy-changes', { token, body: { policy: policy(processes), reason: 'name the processes' } });
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  return reply.body as { id: string; flowId: string; status: string };
}

/** The task of `kind` on this subject in the caller's GET /me/tasks, once the flow has opened it. */
const owed = (token: string, subjectId: string, step: string) => owedTask(api, token, subjectId, step);

const decide = (token: string, approvalId: string, body: Record<string, unknown>) => api.call('POST', `/approvals/${approvalId}/decision`, { token, body });
const change = async (org: Org, id: string) => (await api.call('GET', `/asset-policy-changes/${id}`, { token: org.requester })).body;
const settled = (org: Org, id: string, status: string) =>
  eventually(async () => {
    const current = await change(org, id);
    return current.status === status ? current : undefined;
  }, `change ${id} ${status}`);
const execution = (flowId: string) =>
  eventually(async () => {
    const run = api.flows!.execution(flowId);
    return run && run.status !== 'RUNNING' ? run : undefined;
  }, `execution ${flowId} to end`);

describe('approve path', () => {
  it('takes effect only when the manager approves, and re-values the assets only then', async () => {
    const org = await organization();
    const owner = await api.call('GET', '/users', { token: org.admin });
    const asset = await api.call('POST', '/assets', {
      token: org.admin,
      body: {
        name: 'Billing DB',
        type: 'information',
        businessProcess: 'Billing',
        owner: owner.body.items[0].id,
        location: 'DC1',
        classification: 'confidential',
        confidentiality: 5,
        integrity: 1,
        availability: 1,
      },
    });
    expect(asset.status, JSON.stringify(asset.body)).toBe(201);
    expect(asset.body.importance).toBe(5);
    const mean = { ...policy(['Billing']), valuation: { method: 'mean' } };
    const submitted = await api.call('POST', '/asset-policy-changes', { token: org.requester, body: { policy: mean, reason: 'value by the mean' } });
    expect(submitted.status).toBe(201);
    expect(submitted.body.status).toBe('pending-approval');

    const check = await owed(org.checker, submitted.body.id, 'check');
    const approval = await api.call('GET', `/approvals/${check.id}`, { token: org.checker });
    expect(approval.body).toMatchObject({
      status: 'pending',
      role: 'security-officer',
      escalationChain: ['security-officer', 'admin'],
      snapshot: { policy: mean },
      // What approving it would change in the policy in force (the default, version 0).
      difference: {
        of: 'the asset policy',
        version: 0,
        changes: [
          { path: '/businessProcesses/0', after: 'Billing' },
          { path: '/valuation/method', before: 'highest', after: 'mean' },
        ],
      },
    });
    expect(approval.body).not.toHaveProperty('token');
    expect((await decide(org.checker, check.id, { outcome: 'approve' })).status).toBe(200);

    const approve = await owed(org.manager, submitted.body.id, 'approve');
    const waiting = await api.call('GET', `/flows/${submitted.body.flowId}`, { token: org.requester });
    expect(waiting.body).toMatchObject({
      status: 'running',
      stepIndex: 1,
      waitingFor: { taskId: approve.id, kind: 'decision', step: 'approve', role: 'manager' },
      // Every step of its kind, so that a reader sees what is still to come and who decides it.
      steps: [
        { step: 'check', act: 'Check the asset policy change', roles: ['security-officer', 'admin'] },
        { step: 'approve', act: 'Approve the asset policy change', roles: ['manager', 'admin'] },
      ],
    });
    expect(waiting.body).not.toHaveProperty('settled');
    // Still the old policy and the old valuation while the manager has not decided.
    expect((await api.call('GET', '/asset-policy', { token: org.requester })).body.version).toBe(0);
    expect((await decide(org.manager, approve.id, { outcome: 'approve' })).status).toBe(200);

    const done = await settled(org, submitted.body.id, 'approved');
    expect(done.appliedVersion).toBe(1);
    const current = await api.call('GET', '/asset-policy', { token: org.requester });
    expect(current.body).toMatchObject({ version: 1, valuation: { method: 'mean' } });
    await eventually(
      async () => ((await api.call('GET', `/assets/${asset.body.id}`, { token: org.admin })).body.importance === 3 ? true : undefined),
      're-valuation',
    );
    const checkedBy = (await api.call('GET', `/approvals/${check.id}`, { token: org.checker })).body.decision.by;
    const approvedBy = (await api.call('GET', `/approvals/${approve.id}`, { token: org.manager })).body.decision.by;
    const record = await api.call('GET', `/flows/${submitted.body.flowId}`, { token: org.requester });
    expect(record.body).toMatchObject({
      status: 'approved',
      kind: 'asset-policy-change',
      approvals: [
        { stepIndex: 0, step: 'check', by: checkedBy },
        { stepIndex: 1, step: 'approve', by: approvedBy },
      ],
      history: [
        { taskId: check.id, step: 'check', outcome: 'approve', by: checkedBy },
        { taskId: approve.id, step: 'approve', outcome: 'approve', by: approvedBy },
      ],
    });
    expect(record.body.waitingFor).toBeUndefined();
    expect(new Set([checkedBy, approvedBy, submitted.body.requestedBy]).size).toBe(3);
    const run = await execution(submitted.body.flowId);
    expect(run.status).toBe('SUCCEEDED');
    expect(run.states).toEqual(['ChooseNextStep', 'Route', 'AwaitDecision', 'ChooseNextStep', 'Route', 'AwaitDecision', 'ChooseNextStep', 'Route', 'Approved']);
  });
});

describe('return, revise, reject', () => {
  it('loops a returned change through a revision (a bad result is 422 and records nothing) and both steps again', async () => {
    const org = await organization();
    const submitted = await submit(org);
    const check = await owed(org.checker, submitted.id, 'check');
    const noReason = await decide(org.checker, check.id, { outcome: 'return' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors).toContainEqual(expect.objectContaining({ path: 'body.reason' }));
    expect((await decide(org.checker, check.id, { outcome: 'return', reason: 'name the network processes too' })).status).toBe(200);
    const returned = await settled(org, submitted.id, 'returned');
    expect(returned.returnReason).toBe('name the network processes too');

    const revise = await owed(org.requester, submitted.id, 'revise');
    const before = await api.call('GET', `/tasks/${revise.id}`, { token: org.requester });
    // Each task names the version of the subject it is about.
    expect(before.body.subject.version).toBe(returned.version);
    const bad = await api.call('POST', `/tasks/${revise.id}/completion`, {
      token: org.requester,
      body: { result: { policy: { ...policy(['Billing']), classificationLevels: [] }, note: '' } },
    });
    expect(bad.status).toBe(422);
    const paths = (bad.body.errors as { path: string }[]).map((error) => error.path);
    expect(paths).toContain('body.result.note');
    expect(paths.some((path) => path.startsWith('body.result.policy.classificationLevels'))).toBe(true);
    const after = await api.call('GET', `/tasks/${revise.id}`, { token: org.requester });
    expect(after.body).toMatchObject({ status: 'pending', version: before.body.version });

    const good = await api.call('POST', `/tasks/${revise.id}/completion`, {
      token: org.requester,
      body: { result: { policy: policy(['Billing', 'Network operations']), note: 'added network operations' } },
    });
    expect(good.status, JSON.stringify(good.body)).toBe(200);
    expect(good.body.status).toBe('completed');
    expect((await api.call('POST', `/tasks/${revise.id}/completion`, { token: org.requester, body: { result: {} } })).status).toBe(409);

    const recheck = await owed(org.checker, submitted.id, 'check');
    expect(recheck.id).not.toBe(check.id);
    const revisedChange = await change(org, submitted.id);
    expect(revisedChange.status).toBe('pending-approval');
    expect((await api.call('GET', `/approvals/${recheck.id}`, { token: org.checker })).body.subject.version).toBe(revisedChange.version);
    expect((await decide(org.checker, recheck.id, { outcome: 'approve' })).status).toBe(200);
    const approve = await owed(org.manager, submitted.id, 'approve');
    expect((await decide(org.manager, approve.id, { outcome: 'approve' })).status).toBe(200);
    const done = await settled(org, submitted.id, 'approved');
    expect(done).toMatchObject({ revisionNote: 'added network operations', policy: { businessProcesses: ['Billing', 'Network operations'] } });
  });

  it('rejects with a reason, and the flow ends rejected', async () => {
    const org = await organization();
    const submitted = await submit(org);
    const check = await owed(org.checker, submitted.id, 'check');
    const rejected = await decide(org.checker, check.id, { outcome: 'reject', reason: 'the scheme must keep four levels' });
    expect(rejected.status).toBe(200);
    expect(rejected.body.decision).toMatchObject({ outcome: 'reject', reason: 'the scheme must keep four levels' });
    expect((await settled(org, submitted.id, 'rejected')).rejectionReason).toBe('the scheme must keep four levels');
    const run = await execution(submitted.flowId);
    expect(run.states.at(-1)).toBe('Rejected');
    expect((await api.call('GET', '/asset-policy', { token: org.requester })).body.version).toBe(0);
  });
});

describe('snapshots', () => {
  it('keeps a large subject’s snapshot as an object, referenced by SHA-256, with a presigned download', async () => {
    const org = await organization();
    const processes = Array.from({ length: 400 }, (_, n) => `Process ${n} `.padEnd(190, 'x'));
    const submitted = await submit(org, processes);
    const check = await owed(org.checker, submitted.id, 'check');
    const approval = await api.call('GET', `/approvals/${check.id}`, { token: org.checker });
    expect(approval.body.snapshot).toBeUndefined();
    expect(approval.body.snapshotRef.size).toBeGreaterThan(64 * 1024);
    const download = await fetch(approval.body.snapshotDownload.url);
    expect(download.status).toBe(200);
    const body = Buffer.from(await download.arrayBuffer());
    expect(createHash('sha256').update(body).digest('hex')).toBe(approval.body.snapshotRef.sha256);
    expect(JSON.parse(body.toString('utf8')).policy.businessProcesses).toEqual(processes);
  });
});

describe('withdrawal', () => {
  it('lets the requester withdraw a change under decision; its approval then answers 409 and the flow ends', async () => {
    const org = await organization();
    const submitted = await submit(org);
    const check = await owed(org.checker, submitted.id, 'check');
    const path = `/asset-policy-changes/${submitted.id}/withdrawal`;
    expect((await api.call('POST', path, { token: org.requester, body: {} })).status).toBe(400);
    expect((await api.call('POST', path, { token: org.checker, body: { reason: 'not mine' } })).status).toBe(403);
    const withdrawn = await api.call('POST', path, { token: org.requester, body: { reason: 'the annual review will cover it' } });
    expect(withdrawn.status, JSON.stringify(withdrawn.body)).toBe(200);
    expect(withdrawn.body).toMatchObject({ status: 'withdrawn', withdrawalReason: 'the annual review will cover it' });
    const late = await decide(org.checker, check.id, { outcome: 'approve' });
    expect(late.status).toBe(409);
    expect(late.body.detail).toMatch(/withdrawn/);
    expect((await api.call('POST', path, { token: org.requester, body: { reason: 'again' } })).status).toBe(409);
    const run = await execution(submitted.flowId);
    expect(run.states.at(-1)).toBe('Withdrawn');
    expect((await api.call('GET', `/flows/${submitted.flowId}`, { token: org.requester })).body).toMatchObject({
      status: 'withdrawn',
      history: [{ taskId: check.id, step: 'check', outcome: 'withdrawn', reason: 'the annual review will cover it' }],
    });
    expect((await api.call('GET', '/me/tasks', { token: org.checker })).body.items).toEqual([]);
    expect((await api.call('GET', '/asset-policy', { token: org.requester })).body.version).toBe(0);
  });
});

describe('timeouts', () => {
  it('escalates to the next role of the chain; the expired approval answers 409', async () => {
    const org = await organization();
    const escalations: unknown[] = [];
    const off = api.bus!.onEvent((event) => {
      if (event['detail-type'] === 'ApprovalEscalated' && (event.detail as { tenantId: string }).tenantId === org.tenantId) escalations.push(event.detail);
    });
    const submitted = await submit(org);
    const check = await owed(org.checker, submitted.id, 'check');
    // What a user does locally to let the 3 days pass: the step's TimeoutSeconds is reached now.
    const timedOut = await api.call('POST', `/_local/timeouts/${check.id}`, { token: api.operator });
    expect(timedOut).toMatchObject({ status: 200, body: { taskId: check.id, timedOut: true } });
    expect((await api.call('POST', `/_local/timeouts/${check.id}`, { token: api.operator })).status).toBe(404);

    const escalated = await owed(org.admin, submitted.id, 'check');
    expect(escalated.id).not.toBe(check.id);
    const expired = await decide(org.checker, check.id, { outcome: 'approve' });
    expect(expired.status).toBe(409);
    expect(expired.body.detail).toMatch(/expired/);
    expect((await api.call('GET', `/approvals/${check.id}`, { token: org.checker })).body.status).toBe('expired');
    await eventually(async () => (escalations.length === 1 ? true : undefined), 'ApprovalEscalated');
    expect(escalations[0]).toMatchObject({ data: { fromRole: 'security-officer', toRole: 'admin', expiredApprovalId: check.id, escalationLevel: 1 } });
    off();

    // The admin checks; the approve step then times out twice (manager, then admin) and the change lapses.
    expect((await decide(org.admin, escalated.id, { outcome: 'approve' })).status).toBe(200);
    const approve = await owed(org.manager, submitted.id, 'approve');
    api.flows!.timeOut((payload) => (payload.task as { id: string }).id === approve.id);
    const last = await eventually(async () => {
      const tasks = api
        .flows!.waitingTasks()
        .filter(
          (task) =>
            (task.payload.task as { step: string; role: string }).role === 'admin' && (task.payload.flow as { flowId: string }).flowId === submitted.flowId,
        );
      return tasks[0];
    }, 'approval escalated to admin');
    api.flows!.timeOut((payload) => payload === last.payload);
    expect((await settled(org, submitted.id, 'expired')).status).toBe('expired');
    expect((await execution(submitted.flowId)).states.at(-1)).toBe('Expired');
  });
});

describe('separation of duties', () => {
  it('refuses the requester, the author of the current version and an earlier approver of the same execution (403)', async () => {
    const org = await organization();
    const submitted = await submit(org);
    const check = await owed(org.checker, submitted.id, 'check');
    const byRequester = await decide(org.requester, check.id, { outcome: 'approve' });
    expect(byRequester.status).toBe(403);
    expect(byRequester.body.detail).toMatch(/requester/);
    expect((await decide(org.manager, check.id, { outcome: 'approve' })).status).toBe(403);

    // A co-author revises the returned change, so they wrote its current version.
    expect((await decide(org.checker, check.id, { outcome: 'return', reason: 'add network operations' })).status).toBe(200);
    const revise = await eventually(async () => {
      const tasks = api.flows!.waitingTasks().filter((task) => (task.payload.flow as { flowId: string }).flowId === submitted.flowId);
      return tasks.find((task) => (task.payload.task as { step: string }).step === 'revise');
    }, 'revision task');
    const reviseId = (revise.payload.task as { id: string }).id;
    const revised = await api.call('POST', `/tasks/${reviseId}/completion`, {
      token: org.coAuthor,
      body: { result: { policy: policy(['Billing', 'Network']), note: 'added' } },
    });
    expect(revised.status).toBe(200);
    const recheck = await owed(org.checker, submitted.id, 'check');
    const byAuthor = await decide(org.coAuthor, recheck.id, { outcome: 'approve' });
    expect(byAuthor.status).toBe(403);
    expect(byAuthor.body.detail).toMatch(/author/);
    expect((await api.call('GET', '/me/tasks', { token: org.coAuthor })).body.items.some((item: { id: string }) => item.id === recheck.id)).toBe(false);

    // Someone who checked may not also approve the same execution…
    expect((await decide(org.both, recheck.id, { outcome: 'approve' })).status).toBe(200);
    const approve = await owed(org.manager, submitted.id, 'approve');
    const byEarlierApprover = await decide(org.both, approve.id, { outcome: 'approve' });
    expect(byEarlierApprover.status).toBe(403);
    expect(byEarlierApprover.body.detail).toMatch(/earlier step/);
    expect((await decide(org.manager, approve.id, { outcome: 'approve' })).status).toBe(200);
    await settled(org, submitted.id, 'approved');

    // …but may approve a later, separate flow.
    const second = await submit(org, ['Billing', 'Network', 'Roaming']);
    const secondCheck = await owed(org.checker, second.id, 'check');
    expect((await decide(org.checker, secondCheck.id, { outcome: 'approve' })).status).toBe(200);
    const secondApprove = await owed(org.both, second.id, 'approve');
    expect((await decide(org.both, secondApprove.id, { outcome: 'approve' })).status).toBe(200);
    await settled(org, second.id, 'approved');
  });

  it('answers 409 to a second decision, and 404 to another tenant', async () => {
    const org = await organization();
    const other = await organization();
    const submitted = await submit(org);
    const check = await owed(org.checker, submitted.id, 'check');
    expect((await decide(other.checker, check.id, { outcome: 'approve' })).status).toBe(404);
    expect((await api.call('GET', `/approvals/${check.id}`, { token: other.checker })).status).toBe(404);
    const [first, second] = await Promise.all([decide(org.checker, check.id, { outcome: 'approve' }), decide(org.both, check.id, { outcome: 'approve' })]);
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    expect((await decide(org.checker, check.id, { outcome: 'reject', reason: 'changed my mind' })).status).toBe(409);
  });
});

describe('crashes and restarts', () => {
  it('resumes the flow once when the process dies between the decision commit and the token send', async () => {
    const org = await organization();
    const submitted = await submit(org);
    const check = await owed(org.checker, submitted.id, 'check');
    api.flows!.injectSendFailures(1);
    expect((await decide(org.checker, check.id, { outcome: 'approve' })).status).toBe(200);
    const approve = await owed(org.manager, submitted.id, 'approve');
    expect(approve.id).toBeDefined();
    const run = api.flows!.execution(submitted.flowId)!;
    expect(run.states.filter((state) => state === 'AwaitDecision')).toHaveLength(2);
    expect(run.states.filter((state) => state === 'ChooseNextStep')).toHaveLength(2);
    const waiting = api.flows!.waitingTasks().filter((task) => (task.payload.flow as { flowId: string }).flowId === submitted.flowId);
    expect(waiting).toHaveLength(1);
    expect(api.flows!.pendingSendFailures).toBe(0);
    const letters = (await api.bus!.deadLetters()).filter((letter) => (letter.event.detail as { tenantId: string }).tenantId === org.tenantId);
    expect(letters).toEqual([]);
  });

  it('marks the tasks of a stopped local runtime interrupted (409); the subject can be submitted again', async () => {
    const org = await organization();
    const submitted = await submit(org);
    const check = await owed(org.checker, submitted.id, 'check');
    const flows = await api.restartFlows();
    expect(await interruptOrphanedLocalTasks(flows, registry.subjectKind, async () => [org.tenantId])).toBe(1);
    const refused = await decide(org.checker, check.id, { outcome: 'approve' });
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toMatch(/interrupted/);
    expect((await change(org, submitted.id)).status).toBe('interrupted');
    expect((await api.call('GET', '/me/tasks', { token: org.checker })).body.items).toEqual([]);
    const again = await submit(org);
    const recheck = await owed(org.checker, again.id, 'check');
    expect((await decide(org.checker, recheck.id, { outcome: 'approve' })).status).toBe(200);
    await owed(org.manager, again.id, 'approve');
  });
});

describe('tasks and notifications', () => {
  const mails = () => readMails(api.mailDir!);
  const mailsTo = (address: string) => mailsToAddress(api.mailDir!, address);

  it('lists the approval in each eligible approver’s tasks and sends each one e-mail, the requester none', async () => {
    const org = await organization();
    const submitted = await submit(org);
    const check = await owed(org.checker, submitted.id, 'check');
    expect((await api.call('GET', '/me/tasks', { token: org.requester })).body.items).toEqual([]);
    const tasks = await api.call('GET', '/me/tasks', { token: org.checker });
    expect(tasks.body.items).toEqual([
      expect.objectContaining({
        kind: 'decision',
        id: check.id,
        link: `/approvals/${check.id}`,
        role: 'security-officer',
        overdue: false,
        subject: { type: 'asset-policy-change', id: submitted.id },
      }),
    ]);
    const checker = `checker@${org.tenantId}.example`;
    const both = `both@${org.tenantId}.example`;
    await eventually(async () => ((await mailsTo(checker)).length === 1 && (await mailsTo(both)).length === 1 ? true : undefined), 'one mail to each officer');
    expect((await mailsTo(checker))[0]!.subject).toBe('Decision needed: Check the asset policy change');
    expect(await mailsTo(both)).toHaveLength(1);
    expect(await mailsTo(`requester@${org.tenantId}.example`)).toHaveLength(0);
  });

  it('gathers a digest-chooser’s notifications into one daily e-mail', async () => {
    const org = await organization();
    const set = await api.call('PUT', '/me/notification-preferences', {
      token: org.checker,
      body: { notifications: { 'approval-requested': 'daily-digest' } },
    });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect((await api.call('GET', '/me/notification-preferences', { token: org.checker })).body).toEqual({
      notifications: { 'approval-requested': 'daily-digest' },
    });
    const first = await submit(org, ['A']);
    const second = await submit(org, ['B']);
    await owed(org.checker, first.id, 'check');
    await owed(org.checker, second.id, 'check');
    const checker = `checker@${org.tenantId}.example`;
    await eventually(async () => ((await mailsTo(`both@${org.tenantId}.example`)).length === 2 ? true : undefined), 'immediate mails to the other officer');
    expect(await mailsTo(checker)).toHaveLength(0);
    const run = await api.scheduler!.runFor('notification-digest', org.tenantId);
    expect(run).toMatchObject({ ok: true, result: { digests: expect.any(Number), lines: 2 } });
    const digest = await mailsTo(checker);
    expect(digest).toHaveLength(1);
    expect(digest[0]!.subject).toMatch(/^ISMF daily digest for \d{4}-\d{2}-\d{2}: 2 notifications$/);
    // Each line names the requester and says UTC; the HTML part links into the console.
    expect(digest[0]!.text).toMatch(
      /\d{2}:\d{2} UTC {2}Decision needed: Check the asset policy change\n {3}An asset policy change by (?:Requester|requester@\S+) waits/,
    );
    expect(digest[0]!.html).toMatch(/<a href="http[^"]+\/approvals\/[0-9A-Z]{26}">Open it in ISMF<\/a>/);
    expect((await api.scheduler!.runFor('notification-digest', org.tenantId)).result).toMatchObject({ lines: 0 });
  });

  it('tells each person of an event once, even when the event comes again after a partial failure', async () => {
    const org = await organization();
    const { deliverNotification } = await import('@ismf/notifications/delivery');
    const { withDataScope } = await import('@ismf/store/client');
    const notification = { kind: 'flow-completed', recipients: { roles: ['security-officer'] }, exclude: [], title: 'Once only', text: 'x', link: '/x' };
    const deliver = () =>
      withDataScope({ label: 'test', tenantOnly: false, access: { table: 'write', crossTenant: 'test', mail: true } }, () =>
        deliverNotification(org.tenantId, '01JDQ8R6Z8W4X3N2K1M0P9Q7RS', new Date().toISOString(), notification, registry.people),
      );
    // requester, checker, co-author and the one with both roles hold security-officer
    expect(await deliver()).toEqual({ sent: 4, queued: 0 });
    expect(await deliver()).toEqual({ sent: 0, queued: 0 });
    expect((await mails()).filter((mail) => mail.subject === 'Once only' && mail.to.some((to) => to.endsWith(`@${org.tenantId}.example`)))).toHaveLength(4);
  });

  it('shows a manager the overdue tasks their team owes', async () => {
    const org = await organization();
    const users = (await api.call('GET', '/users', { token: org.admin })).body.items as { id: string; email: string }[];
    const managerId = users.find((user) => user.email.startsWith('manager@'))!.id;
    const checker = users.find((user) => user.email.startsWith('checker@'))!;
    const current = await api.call('GET', `/users/${checker.id}`, { token: org.admin });
    const patched = await api.call('PATCH', `/users/${checker.id}`, {
      token: org.admin,
      headers: { 'if-match': current.headers.get('etag')! },
      body: { managerId },
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    const submitted = await submit(org);
    const check = await owed(org.checker, submitted.id, 'check');
    const { myTasks } = await import('@ismf/flows/my-tasks');
    const { withDataScope } = await import('@ismf/store/client');
    const managerMember = users.find((user) => user.email.startsWith('manager@'))!.id;
    const later = new Date(Date.now() + 4 * 86_400_000);
    const view = await withDataScope({ label: 'test', tenantOnly: false, access: { table: 'read', crossTenant: 'test' } }, () =>
      myTasks(org.tenantId, { userId: 'manager', roles: ['manager'], memberId: managerMember }, registry, later),
    );
    expect(view.teamOverdue).toEqual([expect.objectContaining({ id: check.id, overdue: true, owedBy: [checker.id] })]);
    const today = await api.call('GET', '/me/tasks', { token: org.manager });
    expect(today.body.teamOverdue).toEqual([]);
  });
});
