// The flow engine's generic steps, on a kind of subject of this test's own (no area's code): steps chosen
// per subject when the flow starts, work steps given to a role or a person with a typed result that passes
// or fails the step, a quorum decision, separation of duties over earlier participants, per-step timeouts,
// and a subject that needs no step at all.
import { registry } from '@ismf/app/areas';
import { randomBytes } from 'node:crypto';
import * as z from 'zod';
import { beforeEach, describe, expect, it } from 'vitest';
import { Problem, problems } from '@ismf/core/problems';
import { completeTask, decide } from '@ismf/flows/decisions';
import { advanceFlow, openHumanTask } from '@ismf/flows/engine';
import { getFlow, requestFlow, type NextStep } from '@ismf/flows/flow-records';
import { APPROVAL, taskResult, WORK_TASK, type HumanTaskData, type TaskSpec } from '@ismf/flows/human-tasks';
import { myTasks } from '@ismf/flows/my-tasks';
import type { FlowStep, SubjectKind } from '@ismf/flows/subject-kind';
import { getEntity, requireEntity } from '@ismf/store/entities';
import { defineEntity } from '@ismf/store/entity-model';
import { UnitOfWork, type WriteContext } from '@ismf/store/unit-of-work';

const TRIAL = 'trial-plan';
interface TrialData {
  [key: string]: unknown;
  steps: FlowStep[];
  status: string;
  author: string;
  results: { step: string; passed: boolean; by: string }[];
}
const trialEntity = defineEntity<TrialData>()({ type: TRIAL, description: 'A plan tried by work steps, then authorized.', audited: true });

const testResult = z.strictObject({ outcome: z.enum(['passed', 'failed']), notes: z.string().max(200), dataSet: z.string().optional() });

const trialKind: SubjectKind = {
  kind: TRIAL,
  subjectType: TRIAL,
  title: 'trial plan',
  link: (id) => `/trial-plans/${id}`,
  steps: [{ name: 'approve', act: 'Approve the trial plan', chain: ['manager'] }],
  // Each subject names its own steps: the engine keeps them on the flow when it starts.
  async stepsFor(tenantId, id) {
    return (await requireEntity<TrialData>(tenantId, TRIAL, id, `trial ${id}`)).data.steps;
  },
  work: {
    test: {
      result: testResult,
      passed: (result) => result.outcome === 'passed',
      async check(_tenantId, _id, result) {
        if (result.dataSet === 'production')
          throw problems.unprocessable('production data needs a protection plan', [{ path: 'body.result.dataSet', message: 'not production' }]);
      },
    },
  },
  revision: { act: 'Revise the trial plan', result: z.strictObject({ note: z.string() }), editors: [] },
  async current(tenantId, id) {
    const trial = await requireEntity<TrialData>(tenantId, TRIAL, id, `trial ${id}`);
    return { version: trial.version, author: trial.data.author, snapshot: { results: trial.data.results } };
  },
  async settle(work, tenantId, id, settlement) {
    const trial = await requireEntity<TrialData>(tenantId, TRIAL, id, `trial ${id}`);
    const data = { ...trial.data };
    if (settlement.outcome === 'worked') data.results = [...data.results, { step: settlement.step, passed: settlement.passed, by: settlement.by }];
    else if (settlement.outcome === 'revised') data.author = settlement.by;
    data.status = settlement.outcome;
    const after = work.update(trialEntity, trial, data);
    return { subject: { version: after.version, author: after.data.author } };
  },
};
const kinds = (kind: string) => (kind === TRIAL ? trialKind : registry.subjectKind(kind));

// People of one organization (token subjects).
const planner = { userId: 'pat', roles: ['security-officer'] };
const tester = { userId: 'tess', roles: ['staff'] };
const fieldTester = { userId: 'finn', roles: ['staff'] };
const boardA = { userId: 'ann', roles: ['manager'] };
const boardB = { userId: 'ben', roles: ['manager'] };
const boardTester = { userId: 'tom', roles: ['manager', 'staff'] };

let tenantId: string;
beforeEach(() => {
  tenantId = `steps-${randomBytes(5).toString('hex')}`;
});

const ctx = (who: { userId: string; roles: string[] }, operation = 'test'): WriteContext => ({ actor: { userId: who.userId, roles: who.roles }, operation });
const engine = ctx({ userId: 'flow-engine', roles: [] }, 'advanceFlow');

const STEPS: FlowStep[] = [
  { type: 'work', name: 'lab', act: 'Test the plan in the lab', work: 'test', role: 'staff' },
  { type: 'work', name: 'field', act: 'Test the plan on site', work: 'test', assignee: fieldTester.userId, timeout: 'P1D' },
  { name: 'authorize', act: 'Authorize the plan', chain: ['manager', 'admin'], quorum: 2, timeout: 'PT4H', separateFrom: ['lab', 'field'] },
];

async function propose(steps: FlowStep[] = STEPS) {
  const work = new UnitOfWork(ctx(planner));
  const id = `01K${randomBytes(8)
    .toString('hex')
    .toUpperCase()
    .replace(/[ILOU]/g, 'A')
    .slice(0, 23)}`;
  const flowId = requestFlow(work, tenantId, TRIAL, { type: TRIAL, id }, planner.userId);
  work.create(trialEntity, tenantId, id, { steps, status: 'proposed', author: planner.userId, results: [] });
  await work.commit();
  return { id, flowId };
}

function taskOf(next: NextStep): TaskSpec {
  if (!('task' in next)) throw new Error(`a task was expected, the flow answered ${next.kind}`);
  return next.task;
}

async function open(next: NextStep): Promise<TaskSpec> {
  const task = taskOf(next);
  expect(await openHumanTask(engine, tenantId, task, `token-${randomBytes(4).toString('hex')}`, kinds)).toBe('opened');
  return task;
}

const stored = async (type: string, id: string) => (await getEntity<HumanTaskData>(tenantId, type, id))!.data;
const lastOf = async (type: string, id: string) => taskResult(await stored(type, id));
const hand = (who: { userId: string; roles: string[] }, taskId: string, result: unknown) =>
  completeTask(ctx(who, 'completeTask'), tenantId, taskId, who, { result }, kinds);

async function refusal(run: () => Promise<unknown>): Promise<Problem> {
  const error = await run().then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(Problem);
  return error as Problem;
}

/** Runs the flow to its authorization: the lab and field tests passed by their testers. */
async function testedThrough(trial: { flowId: string }) {
  const lab = await open(await advanceFlow(engine, tenantId, trial.flowId, null, kinds));
  await hand(tester, lab.id, { outcome: 'passed', notes: 'lab ok' });
  const field = await open(await advanceFlow(engine, tenantId, trial.flowId, await lastOf(WORK_TASK, lab.id), kinds));
  await hand(fieldTester, field.id, { outcome: 'passed', notes: 'site ok' });
  return { lab, field, next: await advanceFlow(engine, tenantId, trial.flowId, await lastOf(WORK_TASK, field.id), kinds) };
}

describe('steps chosen per subject', () => {
  it('keeps the subject’s steps on the flow and shows each, with who does it', async () => {
    const trial = await propose();
    const first = await advanceFlow(engine, tenantId, trial.flowId, null, kinds);
    expect(first).toMatchObject({ kind: 'work', wait: 'work-P14D', task: { step: 'lab', work: 'test', role: 'staff', act: 'Test the plan in the lab' } });
    expect(taskOf(first).assignee).toBeUndefined();
    const flow = await getFlow(tenantId, trial.flowId, kinds);
    expect(flow.steps).toMatchObject([
      { step: 'lab', act: 'Test the plan in the lab', kind: 'work', roles: ['staff'] },
      { step: 'field', act: 'Test the plan on site', kind: 'work', roles: [], assignee: 'finn', assigneePerson: { id: 'finn' } },
      { step: 'authorize', act: 'Authorize the plan', kind: 'decision', roles: ['manager', 'admin'], quorum: 2 },
    ]);
  });

  it('approves a subject that needs no step as its flow starts', async () => {
    const trial = await propose([]);
    expect(await advanceFlow(engine, tenantId, trial.flowId, null, kinds)).toEqual({ kind: 'approved' });
    expect((await requireEntity<TrialData>(tenantId, TRIAL, trial.id, 'trial')).data.status).toBe('approved');
    expect(await getFlow(tenantId, trial.flowId, kinds)).toMatchObject({ status: 'approved', steps: [] });
  });
});

describe('work steps', () => {
  it('gives a role’s work to anyone holding the role, and takes only a result of the declared shape', async () => {
    const trial = await propose();
    const lab = await open(await advanceFlow(engine, tenantId, trial.flowId, null, kinds));
    expect((await myTasks(tenantId, tester, registry)).items).toMatchObject([
      { kind: 'work', id: lab.id, step: 'lab', role: 'staff', link: `/tasks/${lab.id}` },
    ]);
    expect((await myTasks(tenantId, boardA, registry)).items).toEqual([]);
    expect(lab.excluded).toEqual([{ userId: 'pat', why: 'requester' }]);
    expect((await refusal(() => hand(boardA, lab.id, { outcome: 'passed', notes: '' }))).message).toBe('this task is for the staff role');
    const wrong = await refusal(() => hand(tester, lab.id, { outcome: 'maybe', notes: '' }));
    expect([wrong.status, wrong.errors.map((field) => field.path)]).toEqual([422, ['body.result.outcome']]);
    const production = await refusal(() => hand(tester, lab.id, { outcome: 'passed', notes: '', dataSet: 'production' }));
    expect([production.status, production.errors[0]?.path]).toEqual([422, 'body.result.dataSet']);
    expect((await stored(WORK_TASK, lab.id)).status).toBe('pending');
    expect(await hand(tester, lab.id, { outcome: 'passed', notes: 'lab ok' })).toMatchObject({ status: 'completed', completion: { by: 'tess' } });
  });

  it('goes on to the next step when a work step passes, and waits as long as that step says', async () => {
    const trial = await propose();
    const { field } = await testedThrough(trial);
    expect(field).toMatchObject({ step: 'field', assignee: 'finn', timeout: 'P1D' });
    // Work given to a named person is theirs; work given to a role keeps the requester and author out.
    expect(field.excluded).toEqual([]);
    const task = await stored(WORK_TASK, field.id);
    expect(Date.parse(task.dueAt) - Date.parse(task.openedAt)).toBe(86_400_000);
    const subject = await requireEntity<TrialData>(tenantId, TRIAL, trial.id, 'trial');
    expect(subject.data.results).toEqual([
      { step: 'lab', passed: true, by: 'tess' },
      { step: 'field', passed: true, by: 'finn' },
    ]);
    expect((await getFlow(tenantId, trial.flowId, kinds)).worked).toMatchObject([
      { stepIndex: 0, step: 'lab', by: 'tess' },
      { stepIndex: 1, step: 'field', by: 'finn' },
    ]);
  });

  it('returns the subject to its author when a work step fails, then runs every step again', async () => {
    const trial = await propose();
    const lab = await open(await advanceFlow(engine, tenantId, trial.flowId, null, kinds));
    await hand(tester, lab.id, { outcome: 'failed', notes: 'crashed the lab switch' });
    const revise = await open(await advanceFlow(engine, tenantId, trial.flowId, await lastOf(WORK_TASK, lab.id), kinds));
    expect(revise).toMatchObject({ kind: 'work', step: 'revise', assignee: 'pat', returned: { step: 'lab', by: 'tess', reason: 'the step “lab” failed' } });
    expect((await requireEntity<TrialData>(tenantId, TRIAL, trial.id, 'trial')).data.results).toEqual([{ step: 'lab', passed: false, by: 'tess' }]);
    expect((await getFlow(tenantId, trial.flowId, kinds)).history).toMatchObject([{ step: 'lab', outcome: 'completed', passed: false, by: 'tess' }]);
    await hand(planner, revise.id, { note: 'smaller batch' });
    const again = taskOf(await advanceFlow(engine, tenantId, trial.flowId, await lastOf(WORK_TASK, revise.id), kinds));
    expect(again).toMatchObject({ step: 'lab', role: 'staff' });
  });
});

describe('a quorum decision with separation of duties', () => {
  it('waits four hours for a board of two, and keeps the testers from authorizing', async () => {
    const trial = await propose();
    const { next } = await testedThrough(trial);
    expect(next).toMatchObject({ kind: 'decision', wait: 'decision-PT4H', task: { step: 'authorize', role: 'manager', quorum: 2 } });
    const authorize = await open(next);
    const task = await stored(APPROVAL, authorize.id);
    expect(Date.parse(task.dueAt) - Date.parse(task.openedAt)).toBe(4 * 3_600_000);
    expect(authorize.excluded).toEqual([
      { userId: 'pat', why: 'requester' },
      { userId: 'tess', why: 'participant in the earlier step “lab”' },
      { userId: 'finn', why: 'participant in the earlier step “field”' },
    ]);

    const decideAs = (who: { userId: string; roles: string[] }, outcome: 'approve' | 'reject' = 'approve') =>
      decide(ctx(who, 'decideApproval'), tenantId, authorize.id, who, { outcome });
    // The first approval is a vote: the step stays open for the second member.
    expect(await decideAs(boardA)).toMatchObject({ status: 'pending', quorum: 2, votes: [{ by: 'ann' }] });
    expect((await refusal(() => decideAs(boardA))).status).toBe(409);
    expect((await myTasks(tenantId, boardB, registry)).items.map((item) => item.id)).toEqual([authorize.id]);
    expect(await decideAs(boardB)).toMatchObject({ status: 'approved', decision: { by: 'ben' }, votes: [{ by: 'ann' }, { by: 'ben' }] });
    expect(await advanceFlow(engine, tenantId, trial.flowId, await lastOf(APPROVAL, authorize.id), kinds)).toEqual({ kind: 'approved' });
    const flow = await getFlow(tenantId, trial.flowId, kinds);
    expect(flow).toMatchObject({ status: 'approved' });
    expect(flow.approvals.map((approval) => approval.by)).toEqual(['ann', 'ben']);
  });

  it('refuses a tester who also sits on the board', async () => {
    const trial = await propose([
      { type: 'work', name: 'lab', act: 'Test', work: 'test', assignee: boardTester.userId },
      { name: 'authorize', act: 'Authorize', chain: ['manager'], separateFrom: ['lab'] },
    ]);
    const lab = await open(await advanceFlow(engine, tenantId, trial.flowId, null, kinds));
    await hand(boardTester, lab.id, { outcome: 'passed', notes: 'ok' });
    const authorize = await open(await advanceFlow(engine, tenantId, trial.flowId, await lastOf(WORK_TASK, lab.id), kinds));
    const refused = await refusal(() => decide(ctx(boardTester), tenantId, authorize.id, boardTester, { outcome: 'approve' }));
    expect([refused.status, refused.message]).toEqual([
      403,
      'separation of duties: you are the participant in the earlier step “lab”, so you may not decide this step',
    ]);
    // One rejection settles a quorum step at once.
    expect(await decide(ctx(boardA), tenantId, authorize.id, boardA, { outcome: 'reject', reason: 'not now' })).toMatchObject({ status: 'rejected' });
  });
});
