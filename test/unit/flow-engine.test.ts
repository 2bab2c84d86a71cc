// The flow engine as its users meet it, on the shared DynamoDB Local: what the ASL's states do
// (ChooseNextStep = advanceFlow, AwaitDecision/AwaitWork = openHumanTask, CloseTimedOutTask), and what
// the decision API lets people do (decide, completeTask): the steps of an asset policy change, who may
// decide which step (separation of duties), returns and revisions, escalation, expiry, withdrawal,
// interruption, and resuming the waiting flow.
import { registry } from '@ismf/app/areas';
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_ASSET_POLICY, type AssetPolicy } from '@ismf/assets/rules';
import { Problem } from '@ismf/core/problems';
import { getAssetPolicy } from '@ismf/assets/policy';
import { getPolicyChange, submitPolicyChange, withdrawPolicyChange } from '@ismf/assets/policy-change';
import { completeTask, decide, getApproval, getTask } from '@ismf/flows/decisions';
import { advanceFlow, closeTimedOutTask, openHumanTask, readLast } from '@ismf/flows/engine';
import { getFlow, type NextStep } from '@ismf/flows/flow-records';
import { installLocalFlowRuntime, type FlowRuntime } from '@ismf/flows/flow-runtime';
import { APPROVAL, REJECTED_ERROR, taskResult, WITHDRAWN_ERROR, WORK_TASK, type HumanTaskData, type TaskSpec } from '@ismf/flows/human-tasks';
import { interruptOrphanedTasks } from '@ismf/flows/interrupted';
import { myTasks } from '@ismf/flows/my-tasks';
import { resumeFlow } from '@ismf/flows/resume';
import { lastAuditEntry, listAuditEntries } from '@ismf/store/audit';
import { getEntity } from '@ismf/store/entities';
import { readTaskToken } from '@ismf/store/task-tokens';
import type { WriteContext } from '@ismf/store/unit-of-work';

const ACCESS = { table: 'write', objects: 'write' } as const;
const DAY_MS = 86_400_000;

// The people of one organization: token subjects and the roles they hold.
const alice = { userId: 'alice', roles: ['security-officer'] }; // the requester
const bob = { userId: 'bob', roles: ['security-officer', 'manager'] }; // checks; also a manager
const carol = { userId: 'carol', roles: ['manager'] };
const dave = { userId: 'dave', roles: ['security-officer'] };
const erin = { userId: 'erin', roles: ['admin'] };
const staff = { userId: 'sam', roles: ['staff'] };

let tenantId: string;
beforeEach(() => {
  tenantId = `flow-${randomBytes(5).toString('hex')}`;
});

const ctx = (who: { userId: string; roles: string[] }, operation = 'test'): WriteContext => ({ actor: { userId: who.userId, roles: who.roles }, operation });
const engine = ctx({ userId: 'flow-engine', roles: [] }, 'advanceFlow');
const policy = (process: string): AssetPolicy => ({ ...DEFAULT_ASSET_POLICY, businessProcesses: [process] });

async function submit(by = alice, process = 'Billing') {
  const change = (await submitPolicyChange(ctx(by, 'createAssetPolicyChange'), tenantId, { policy: policy(process), reason: `name ${process}` })).response as {
    id: string;
    flowId: string;
  };
  return change;
}

function taskOf(next: NextStep): TaskSpec {
  if (!('task' in next)) throw new Error(`a task was expected, the flow answered ${next.kind}`);
  return next.task;
}

/** AwaitDecision / AwaitWork: the task handler opens the task with its token. */
async function open(next: NextStep, token = `token-${randomBytes(4).toString('hex')}`): Promise<TaskSpec> {
  const task = taskOf(next);
  expect(await openHumanTask(engine, tenantId, task, token, registry.subjectKind)).toBe('opened');
  return task;
}

async function stored(kind: typeof APPROVAL | typeof WORK_TASK, id: string): Promise<HumanTaskData> {
  return (await getEntity<HumanTaskData>(tenantId, kind, id))!.data;
}

/** What the flow hands ChooseNextStep for a settled task: SendTaskSuccess's output, or the Catch of a rejection. */
async function lastOf(kind: typeof APPROVAL | typeof WORK_TASK, id: string): Promise<unknown> {
  const task = await stored(kind, id);
  const result = taskResult(task);
  if (task.decision?.outcome === 'reject') return { Error: REJECTED_ERROR, Cause: JSON.stringify(result) };
  return result;
}

async function refusal(run: () => Promise<unknown>): Promise<Problem> {
  const error = await run().then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(Problem);
  return error as Problem;
}

const decideAs = (who: { userId: string; roles: string[] }, approvalId: string, outcome: 'approve' | 'reject' | 'return', reason?: string) =>
  decide(ctx(who, 'decideApproval'), tenantId, approvalId, who, { outcome, ...(reason ? { reason } : {}) });

/** Submits a change and opens its first step (the check). */
async function submittedAndWaitingForCheck(by = alice) {
  const change = await submit(by);
  const check = await open(await advanceFlow(engine, tenantId, change.flowId, null, registry.subjectKind));
  return { change, check };
}

describe('readLast', () => {
  it('reads nothing at the start of an execution', () => {
    expect(readLast(null)).toBeUndefined();
  });

  it('reads a decision or completion as SendTaskSuccess carried it', () => {
    expect(readLast({ taskId: 'T1', outcome: 'approve', by: 'u1' })).toEqual({ taskId: 'T1', outcome: 'approve', by: 'u1' });
  });

  it('reads a rejection and a withdrawal from the Catch’s Error and Cause', () => {
    const cause = JSON.stringify({ taskId: 'T2', outcome: 'reject', by: 'u2', reason: 'no' });
    expect(readLast({ Error: 'Approval.Rejected', Cause: cause })).toEqual({ taskId: 'T2', outcome: 'reject', by: 'u2', reason: 'no' });
    const withdrawn = JSON.stringify({ taskId: 'T3', outcome: 'withdrawn', by: 'u3', reason: 'later' });
    expect(readLast({ Error: 'Flow.Withdrawn', Cause: withdrawn })).toMatchObject({ taskId: 'T3', outcome: 'withdrawn' });
  });

  it('reads what CloseTimedOutTask answered', () => {
    expect(readLast({ closed: { taskId: 'T4', outcome: 'timed-out' } })).toEqual({ taskId: 'T4', outcome: 'timed-out' });
  });

  it('refuses an error the flow should never hand over', () => {
    expect(() => readLast({ Error: 'States.Runtime', Cause: 'boom' })).toThrow(/unexpected error States.Runtime/);
  });
});

describe('a change through both steps', () => {
  it('asks the security officers to check first, excluding the requester, and answers a retried start the same', async () => {
    const change = await submit();
    const first = await advanceFlow(engine, tenantId, change.flowId, null, registry.subjectKind);
    const check = taskOf(first);
    expect(first.kind).toBe('decision');
    expect(check).toMatchObject({
      kind: 'decision',
      flowId: change.flowId,
      subjectKind: 'asset-policy-change',
      subject: { type: 'asset-policy-change', id: change.id, version: 1 },
      step: 'check',
      act: 'Check the asset policy change',
      role: 'security-officer',
      escalationChain: ['security-officer', 'admin'],
      escalationLevel: 0,
      requestedBy: 'alice',
      author: 'alice',
      link: `/asset-policy-changes/${change.id}`,
    });
    // The requester is also the author: excluded once, as the requester.
    expect(check.excluded).toEqual([{ userId: 'alice', why: 'requester' }]);
    expect(await advanceFlow(engine, tenantId, change.flowId, null, registry.subjectKind)).toEqual(first);
    const flow = await getFlow(tenantId, change.flowId);
    expect(flow).toMatchObject({
      status: 'running',
      stepIndex: 0,
      waitingFor: { taskId: check.id, kind: 'decision', step: 'check', role: 'security-officer', link: `/approvals/${check.id}` },
    });
    expect(flow).not.toHaveProperty('settled');
    expect(flow).not.toHaveProperty('next');
  });

  it('opens the approval once with its token, renews the token on a retried open, and keeps what the decider saw', async () => {
    const change = await submit();
    const check = taskOf(await advanceFlow(engine, tenantId, change.flowId, null, registry.subjectKind));
    const before = Date.now();
    expect(await openHumanTask(engine, tenantId, check, 'token-1', registry.subjectKind)).toBe('opened');
    expect(await openHumanTask(engine, tenantId, check, 'token-2', registry.subjectKind)).toBe('renewed');
    expect(await readTaskToken(tenantId, APPROVAL, check.id)).toBe('token-2');
    const approval = await getApproval(tenantId, check.id, ACCESS);
    expect(approval).toMatchObject({
      id: check.id,
      status: 'pending',
      version: 1,
      snapshot: { policy: policy('Billing'), basedOnVersion: 0, reason: 'name Billing' },
    });
    expect(approval).not.toHaveProperty('snapshotDownload');
    const due = Date.parse(approval.dueAt) - Date.parse(approval.openedAt);
    expect(due).toBe(3 * DAY_MS);
    expect(Date.parse(approval.openedAt)).toBeGreaterThanOrEqual(before - 1000);
    // Queued for the security officers but the requester.
    expect((await myTasks(tenantId, bob, registry)).items.map((item) => item.id)).toEqual([check.id]);
    expect((await myTasks(tenantId, dave, registry)).items).toMatchObject([
      { kind: 'decision', id: check.id, step: 'check', role: 'security-officer', link: `/approvals/${check.id}`, overdue: false },
    ]);
    expect((await myTasks(tenantId, alice, registry)).items).toEqual([]);
    expect((await myTasks(tenantId, carol, registry)).items).toEqual([]);
  });

  it('takes effect only when a manager other than the checker approves, recording who did what', async () => {
    const { change, check } = await submittedAndWaitingForCheck();
    expect((await refusal(() => decideAs(alice, check.id, 'approve'))).message).toBe(
      'separation of duties: you are the requester, so you may not decide this step',
    );
    expect((await refusal(() => decideAs(carol, check.id, 'approve'))).message).toBe('this step is decided by the security-officer role');
    expect((await refusal(() => decideAs(carol, check.id, 'approve'))).status).toBe(403);
    const checked = await decideAs(bob, check.id, 'approve');
    expect(checked).toMatchObject({ status: 'approved', version: 2, decision: { outcome: 'approve', by: 'bob', roles: bob.roles } });
    const again = await refusal(() => decideAs(dave, check.id, 'approve'));
    expect([again.status, again.message]).toEqual([409, 'this approval is approved already']);
    expect((await getAssetPolicy(tenantId)).version).toBe(0);

    const last = await lastOf(APPROVAL, check.id);
    const second = await advanceFlow(engine, tenantId, change.flowId, last, registry.subjectKind);
    const approve = taskOf(second);
    expect(approve).toMatchObject({ kind: 'decision', step: 'approve', role: 'manager', escalationChain: ['manager', 'admin'], escalationLevel: 0 });
    expect(approve.excluded).toEqual([
      { userId: 'alice', why: 'requester' },
      { userId: 'bob', why: 'approver of the earlier step “check”' },
    ]);
    // ChooseNextStep retried with the same last step answers the same next step, and settles nothing twice.
    expect(await advanceFlow(engine, tenantId, change.flowId, last, registry.subjectKind)).toEqual(second);
    await open(second);
    const bobRefused = await refusal(() => decideAs(bob, approve.id, 'approve'));
    expect([bobRefused.status, bobRefused.message]).toEqual([
      403,
      'separation of duties: you are the approver of the earlier step “check”, so you may not decide this step',
    ]);
    expect((await myTasks(tenantId, bob, registry)).items).toEqual([]);
    await decideAs(carol, approve.id, 'approve');
    expect(await advanceFlow(engine, tenantId, change.flowId, await lastOf(APPROVAL, approve.id), registry.subjectKind)).toEqual({ kind: 'approved' });

    expect(await getPolicyChange(tenantId, change.id)).toMatchObject({ status: 'approved', appliedVersion: 1 });
    expect(await getAssetPolicy(tenantId)).toMatchObject({ version: 1, businessProcesses: ['Billing'] });
    const flow = await getFlow(tenantId, change.flowId);
    expect(flow).toMatchObject({
      status: 'approved',
      approvals: [
        { step: 'check', by: 'bob' },
        { step: 'approve', by: 'carol' },
      ],
    });
    expect(flow.history.map((entry) => [entry.step, entry.outcome, entry.by])).toEqual([
      ['check', 'approve', 'bob'],
      ['approve', 'approve', 'carol'],
    ]);
    expect(flow).not.toHaveProperty('waitingFor');
    // A finished flow answers its end to any further ChooseNextStep.
    expect(await advanceFlow(engine, tenantId, change.flowId, null, registry.subjectKind)).toEqual({ kind: 'approved' });
  });

  it('refuses a step it does not wait for', async () => {
    const { change } = await submittedAndWaitingForCheck();
    await expect(advanceFlow(engine, tenantId, change.flowId, { taskId: 'not-this-one', outcome: 'approve', by: 'bob' }, registry.subjectKind)).rejects.toThrow(
      `flow ${change.flowId} does not wait for task not-this-one`,
    );
    expect((await refusal(() => advanceFlow(engine, tenantId, '01JDQ8R6Z8W4X3N2K1M0P9Q7RS', null, registry.subjectKind))).status).toBe(404);
  });

  it('supersedes an approved change whose policy moved on meanwhile, leaving the policy as the first one set it', async () => {
    const first = await submittedAndWaitingForCheck();
    const second = await submittedAndWaitingForCheck();
    for (const { change, check } of [first, second]) {
      await decideAs(bob, check.id, 'approve');
      const approve = await open(await advanceFlow(engine, tenantId, change.flowId, await lastOf(APPROVAL, check.id), registry.subjectKind));
      await decideAs(carol, approve.id, 'approve');
      const end = await advanceFlow(engine, tenantId, change.flowId, await lastOf(APPROVAL, approve.id), registry.subjectKind);
      expect(end).toEqual({ kind: change === first.change ? 'approved' : 'rejected' });
    }
    expect(await getPolicyChange(tenantId, second.change.id)).toMatchObject({ status: 'superseded' });
    expect((await getFlow(tenantId, second.change.flowId)).status).toBe('superseded');
    expect(await getAssetPolicy(tenantId)).toMatchObject({ version: 1 });
  });
});

describe('rejection, return and revision', () => {
  it('ends the flow on a rejection, keeping the reason', async () => {
    const { change, check } = await submittedAndWaitingForCheck();
    await decideAs(bob, check.id, 'reject', 'not needed');
    expect(await advanceFlow(engine, tenantId, change.flowId, await lastOf(APPROVAL, check.id), registry.subjectKind)).toEqual({ kind: 'rejected' });
    expect(await getPolicyChange(tenantId, change.id)).toMatchObject({ status: 'rejected', rejectionReason: 'not needed' });
    expect((await getFlow(tenantId, change.flowId)).history).toMatchObject([{ step: 'check', outcome: 'reject', by: 'bob', reason: 'not needed' }]);
    expect((await getAssetPolicy(tenantId)).version).toBe(0);
  });

  it('sends a returned change to its author, takes a revision only in the shape asked, then runs both steps again', async () => {
    const { change, check } = await submittedAndWaitingForCheck();
    await decideAs(bob, check.id, 'return', 'name the billing sub-processes');
    // The decision is recorded; the flow settles it on the subject when it moves on.
    expect((await getPolicyChange(tenantId, change.id)).status).toBe('pending-approval');
    const revise = await open(await advanceFlow(engine, tenantId, change.flowId, await lastOf(APPROVAL, check.id), registry.subjectKind));
    expect(await getPolicyChange(tenantId, change.id)).toMatchObject({ status: 'returned', returnReason: 'name the billing sub-processes', version: 2 });
    expect(revise).toMatchObject({ kind: 'work', step: 'revise', act: 'Revise the returned asset policy change', assignee: 'alice', excluded: [] });
    const task = await getTask(tenantId, revise.id, ACCESS);
    expect(Date.parse(task.dueAt) - Date.parse(task.openedAt)).toBe(14 * DAY_MS);
    expect((await myTasks(tenantId, alice, registry)).items).toMatchObject([{ kind: 'work', id: revise.id, assignee: 'alice', link: `/tasks/${revise.id}` }]);

    const stranger = await refusal(() =>
      completeTask(ctx(staff), tenantId, revise.id, staff, { result: { policy: policy('x'), note: 'mine' } }, registry.subjectKind),
    );
    expect([stranger.status, stranger.message]).toEqual([403, 'this task is assigned to someone else']);
    const misshapen = await refusal(() =>
      completeTask(ctx(alice), tenantId, revise.id, alice, { result: { note: 'forgot the policy' } }, registry.subjectKind),
    );
    expect(misshapen.status).toBe(422);
    expect(misshapen.errors).toEqual([expect.objectContaining({ path: 'body.result.policy' })]);
    expect((await stored(WORK_TASK, revise.id)).status).toBe('pending');

    // A co-author (another security officer) may hand it in, and becomes the author of the new version.
    const done = await completeTask(
      ctx(dave),
      tenantId,
      revise.id,
      dave,
      { result: { policy: policy('Billing, Rating'), note: 'named them' } },
      registry.subjectKind,
    );
    expect(done).toMatchObject({ status: 'completed', completion: { by: 'dave', result: { note: 'named them' } } });
    const recheck = taskOf(await advanceFlow(engine, tenantId, change.flowId, await lastOf(WORK_TASK, revise.id), registry.subjectKind));
    expect(recheck).toMatchObject({ step: 'check', role: 'security-officer', author: 'dave', subject: { version: 3 } });
    expect(recheck.excluded).toEqual([
      { userId: 'alice', why: 'requester' },
      { userId: 'dave', why: 'author of the asset policy change’s current version' },
    ]);
    expect(await getPolicyChange(tenantId, change.id)).toMatchObject({
      status: 'pending-approval',
      author: 'dave',
      revisionNote: 'named them',
      policy: policy('Billing, Rating'),
    });
    await open({ kind: 'decision', task: recheck });
    expect((await refusal(() => decideAs(dave, recheck.id, 'approve'))).message).toBe(
      'separation of duties: you are the author of the asset policy change’s current version, so you may not decide this step',
    );
    // The checker who returned it checks the revision: a return is no approval, so no exclusion.
    await decideAs(bob, recheck.id, 'approve');
    const approve = taskOf(await advanceFlow(engine, tenantId, change.flowId, await lastOf(APPROVAL, recheck.id), registry.subjectKind));
    expect(approve.excluded.map((entry) => entry.userId)).toEqual(['alice', 'dave', 'bob']);
    expect((await getFlow(tenantId, change.flowId)).history.map((entry) => `${entry.step}:${entry.outcome}`)).toEqual([
      'check:return',
      'revise:completed',
      'check:approve',
    ]);
  });
});

describe('decisions people can read', () => {
  it('keeps with each task the difference to the policy in force, path by path', async () => {
    const { change, check } = await submittedAndWaitingForCheck();
    expect(await getApproval(tenantId, check.id, ACCESS)).toMatchObject({
      difference: { of: 'the asset policy', version: 0, changes: [{ path: '/businessProcesses/0', after: 'Billing' }] },
    });
    // Once a policy is in force, a later change is compared with it (and a change that changes nothing says so).
    await decideAs(bob, check.id, 'approve');
    const approve = await open(await advanceFlow(engine, tenantId, change.flowId, await lastOf(APPROVAL, check.id), registry.subjectKind));
    await decideAs(carol, approve.id, 'approve');
    await advanceFlow(engine, tenantId, change.flowId, await lastOf(APPROVAL, approve.id), registry.subjectKind);
    const next = await submit(alice, 'Roaming');
    const recheck = await open(await advanceFlow(engine, tenantId, next.flowId, null, registry.subjectKind));
    expect((await getApproval(tenantId, recheck.id, ACCESS)).difference).toEqual({
      of: 'the asset policy',
      version: 1,
      changes: [{ path: '/businessProcesses/0', before: 'Billing', after: 'Roaming' }],
    });
  });

  it('gives the revision task the return it answers: step, approval, decider and reason', async () => {
    const { change, check } = await submittedAndWaitingForCheck();
    await decideAs(bob, check.id, 'return', 'name the {{billing}} sub-processes');
    const revise = await open(await advanceFlow(engine, tenantId, change.flowId, await lastOf(APPROVAL, check.id), registry.subjectKind));
    const task = await getTask(tenantId, revise.id, ACCESS);
    expect(task.snapshot).toMatchObject({
      policy: policy('Billing'),
      returned: { step: 'check', approvalId: check.id, by: 'bob', reason: 'name the {{billing}} sub-processes', at: expect.any(String) },
    });
    expect(task).not.toHaveProperty('returned');
    expect(task.difference?.changes).toEqual([{ path: '/businessProcesses/0', after: 'Billing' }]);
  });

  it('keeps the return readable in the task when the subject’s snapshot is kept as an object', async () => {
    const processes = Array.from({ length: 400 }, (_, n) => `Process ${n} `.padEnd(190, 'x'));
    const change = (
      await submitPolicyChange(ctx(alice, 'createAssetPolicyChange'), tenantId, {
        policy: { ...DEFAULT_ASSET_POLICY, businessProcesses: processes },
        reason: 'every process',
      })
    ).response as { id: string; flowId: string };
    const check = await open(await advanceFlow(engine, tenantId, change.flowId, null, registry.subjectKind));
    await decideAs(bob, check.id, 'return', 'too many');
    const revise = await open(await advanceFlow(engine, tenantId, change.flowId, await lastOf(APPROVAL, check.id), registry.subjectKind));
    const task = await getTask(tenantId, revise.id, ACCESS);
    expect(task.snapshot).toEqual({ returned: expect.objectContaining({ approvalId: check.id, reason: 'too many' }) });
    expect(task.snapshotRef!.size).toBeGreaterThan(64 * 1024);
    // A very large difference is cut, and says how much it left out.
    expect(task.difference!.changes.length + task.difference!.omitted!).toBe(400);
  });

  it('names the flow, every step’s decision record and decider in the audit entry of the policy taking effect', async () => {
    const { change, check } = await submittedAndWaitingForCheck();
    await decideAs(bob, check.id, 'return', 'more');
    const revise = await open(await advanceFlow(engine, tenantId, change.flowId, await lastOf(APPROVAL, check.id), registry.subjectKind));
    await completeTask(ctx(alice), tenantId, revise.id, alice, { result: { policy: policy('Billing'), note: 'more' } }, registry.subjectKind);
    const recheck = await open(await advanceFlow(engine, tenantId, change.flowId, await lastOf(WORK_TASK, revise.id), registry.subjectKind));
    await decideAs(dave, recheck.id, 'approve');
    const approve = await open(await advanceFlow(engine, tenantId, change.flowId, await lastOf(APPROVAL, recheck.id), registry.subjectKind));
    await decideAs(carol, approve.id, 'approve');
    await advanceFlow(engine, tenantId, change.flowId, await lastOf(APPROVAL, approve.id), registry.subjectKind);

    const policyEntry = await lastAuditEntry(tenantId, 'asset-policy', 'current');
    // The last round's decisions only: the check that returned it is not what approved it.
    expect(policyEntry).toMatchObject({
      operation: 'advanceFlow',
      reason: `asset policy change ${change.id} approved at every step of flow ${change.flowId} (approval), to take effect: check approved in approval ${recheck.id} by dave; approve approved in approval ${approve.id} by carol`,
    });
    expect((await lastAuditEntry(tenantId, 'asset-policy-change', change.id))!.reason).toBe(policyEntry!.reason);
    const returned = (await listAuditEntries(tenantId, 'asset-policy-change', change.id, { limit: 10 })).items.find((entry) => entry.seq === 2);
    expect(returned!.reason).toBe(`flow ${change.flowId} (approval): check returned in approval ${check.id} by bob: more`);
  });
});

describe('timeouts', () => {
  it('escalates an undecided check to an administrator, then lets the change expire', async () => {
    const { change, check } = await submittedAndWaitingForCheck();
    const closed = await closeTimedOutTask(engine, tenantId, check);
    expect(closed).toEqual({ taskId: check.id, outcome: 'timed-out' });
    expect((await stored(APPROVAL, check.id)).status).toBe('expired');
    const late = await refusal(() => decideAs(bob, check.id, 'approve'));
    expect([late.status, late.message]).toEqual([409, 'this approval expired: its step escalated or lapsed when the time ran out']);

    const escalated = taskOf(await advanceFlow(engine, tenantId, change.flowId, { closed }, registry.subjectKind));
    expect(escalated).toMatchObject({ step: 'check', role: 'admin', escalationLevel: 1 });
    expect(escalated.id).not.toBe(check.id);
    await open({ kind: 'decision', task: escalated });
    expect((await myTasks(tenantId, erin, registry)).items).toMatchObject([{ id: escalated.id, role: 'admin', escalationLevel: 1 }]);
    expect((await myTasks(tenantId, bob, registry)).items).toEqual([]);

    const closedAgain = await closeTimedOutTask(engine, tenantId, escalated);
    expect(await advanceFlow(engine, tenantId, change.flowId, { closed: closedAgain }, registry.subjectKind)).toEqual({ kind: 'expired' });
    expect(await getPolicyChange(tenantId, change.id)).toMatchObject({ status: 'expired' });
    expect((await getFlow(tenantId, change.flowId)).history.map((entry) => entry.outcome)).toEqual(['timed-out', 'timed-out']);
  });

  it('hands on a decision committed before the timeout closed the task, so no decision is lost', async () => {
    const { change, check } = await submittedAndWaitingForCheck();
    await decideAs(bob, check.id, 'approve');
    const closed = await closeTimedOutTask(engine, tenantId, check);
    expect(closed).toEqual({ taskId: check.id, outcome: 'approve', by: 'bob' });
    expect((await stored(APPROVAL, check.id)).status).toBe('approved');
    expect(taskOf(await advanceFlow(engine, tenantId, change.flowId, { closed }, registry.subjectKind)).step).toBe('approve');
  });
});

describe('withdrawal and interruption', () => {
  it('lets the requester withdraw a change under decision: its approval ends, deciding it is 409, the flow ends withdrawn', async () => {
    const { change, check } = await submittedAndWaitingForCheck();
    expect((await refusal(() => withdrawPolicyChange(ctx(dave), tenantId, change.id, 'mine now'))).message).toBe(
      'only the requester or an administrator withdraws a change',
    );
    expect(await withdrawPolicyChange(ctx(alice), tenantId, change.id, 'superseded by the annual review')).toMatchObject({
      status: 'withdrawn',
      withdrawalReason: 'superseded by the annual review',
    });
    const approval = await stored(APPROVAL, check.id);
    expect(approval).toMatchObject({ status: 'withdrawn', withdrawal: { by: 'alice', reason: 'superseded by the annual review' } });
    expect(taskResult(approval)).toEqual({ taskId: check.id, outcome: 'withdrawn', by: 'alice', reason: 'superseded by the annual review' });
    const decided = await refusal(() => decideAs(bob, check.id, 'approve'));
    expect([decided.status, decided.message]).toEqual([409, 'this approval ended: its subject was withdrawn by the requester']);
    // The execution learns of it through the Catch, and finds its flow over.
    const caught = { Error: WITHDRAWN_ERROR, Cause: JSON.stringify(taskResult(approval)) };
    expect(await advanceFlow(engine, tenantId, change.flowId, caught, registry.subjectKind)).toEqual({ kind: 'withdrawn' });
    expect(await getFlow(tenantId, change.flowId)).toMatchObject({ status: 'withdrawn', history: [{ step: 'check', outcome: 'withdrawn', by: 'alice' }] });
    const twice = await refusal(() => withdrawPolicyChange(ctx(alice), tenantId, change.id, 'again'));
    expect([twice.status, twice.message]).toEqual([409, 'this change is withdrawn: only a change under decision can be withdrawn']);
  });

  it('marks the tasks whose local token no runtime holds interrupted, with their flow and subject', async () => {
    const change = await submit();
    const check = taskOf(await advanceFlow(engine, tenantId, change.flowId, null, registry.subjectKind));
    await openHumanTask(engine, tenantId, check, 'local:lost-runtime:1', registry.subjectKind);
    const held = await submittedAndWaitingForCheck();
    await openHumanTask(engine, tenantId, held.check, 'local:live-runtime:1', registry.subjectKind);
    expect(await interruptOrphanedTasks(engine, tenantId, (token) => token.startsWith('local:live-runtime:'), registry.subjectKind)).toBe(1);
    expect((await stored(APPROVAL, check.id)).status).toBe('interrupted');
    expect((await getFlow(tenantId, change.flowId)).status).toBe('interrupted');
    expect(await getPolicyChange(tenantId, change.id)).toMatchObject({ status: 'interrupted' });
    const decided = await refusal(() => decideAs(bob, check.id, 'approve'));
    expect([decided.status, decided.message]).toEqual([
      409,
      'this approval was interrupted: its flow stopped when the local runtime restarted; submit the subject again',
    ]);
    expect((await stored(APPROVAL, held.check.id)).status).toBe('pending');
    // A restarted execution of an interrupted flow ends at once.
    expect(await advanceFlow(engine, tenantId, change.flowId, null, registry.subjectKind)).toEqual({ kind: 'expired' });
    expect(await openHumanTask(engine, tenantId, check, 'local:new-runtime:1', registry.subjectKind)).toBe('settled');
  });
});

describe('resuming the waiting flow', () => {
  const sent: unknown[][] = [];
  const runtime: FlowRuntime = {
    startExecution: async () => undefined,
    sendTaskSuccess: async (token, output) => {
      sent.push(['success', token, output]);
      return token === 'gone-token' ? 'gone' : 'sent';
    },
    sendTaskFailure: async (token, error, cause) => {
      sent.push(['failure', token, error, JSON.parse(cause)]);
      return 'sent';
    },
  };
  beforeEach(() => {
    sent.length = 0;
    installLocalFlowRuntime(runtime);
  });
  afterEach(() => installLocalFlowRuntime(undefined));

  it('sends an approval as task success, a rejection as Approval.Rejected, to the token kept with the task', async () => {
    const approved = await submittedAndWaitingForCheck();
    await openHumanTask(engine, tenantId, approved.check, 'token-a', registry.subjectKind);
    await decideAs(bob, approved.check.id, 'approve');
    expect(await resumeFlow(tenantId, { type: 'approval', id: approved.check.id })).toBe('sent');
    const rejected = await submittedAndWaitingForCheck();
    await openHumanTask(engine, tenantId, rejected.check, 'token-r', registry.subjectKind);
    await decideAs(bob, rejected.check.id, 'reject', 'no');
    expect(await resumeFlow(tenantId, { type: 'approval', id: rejected.check.id })).toBe('sent');
    expect(sent).toEqual([
      ['success', 'token-a', { taskId: approved.check.id, outcome: 'approve', by: 'bob' }],
      ['failure', 'token-r', REJECTED_ERROR, { taskId: rejected.check.id, outcome: 'reject', by: 'bob', reason: 'no' }],
    ]);
    expect((await refusal(() => resumeFlow(tenantId, { type: 'task', id: '01JDQ8R6Z8W4X3N2K1M0P9Q7RS' }))).status).toBe(404);
  });

  it('answers gone when the flow no longer waits for the token', async () => {
    const { check } = await submittedAndWaitingForCheck();
    await openHumanTask(engine, tenantId, check, 'gone-token', registry.subjectKind);
    await decideAs(bob, check.id, 'approve');
    expect(await resumeFlow(tenantId, { type: 'approval', id: check.id })).toBe('gone');
  });
});
