// The flow engine: what the ASL's ChooseNextStep, AwaitDecision/AwaitWork and CloseTimedOutTask states
// do. It settles the last step on the subject and the flow record in one unit of work, and chooses the
// next: the next decision, a revision for the author, an escalation, or the end.
import { createHash } from 'node:crypto';
import { newId } from '@ismf/core/ids';
import { problems } from '@ismf/core/problems';
import { approvalEscalated, approvalRequested, flowCompleted, taskAssigned } from './events.ts';
import { notificationRequested } from '@ismf/events/notification-requested';
import { blobStore, objectKey } from '@ismf/store/blob-store';
import { getEntity, requireEntity } from '@ismf/store/entities';
import { putTaskToken, taskTokenItem } from '@ismf/store/task-tokens';
import { UnitOfWork, type StoredEntity, type WriteContext } from '@ismf/store/unit-of-work';
import { literal, person, utcTime, withArticle } from '@ismf/mail/notification-text';
import { differenceOf, type Difference } from './difference.ts';
import { FLOW, stepsOf, type FlowData, type FlowStatus, type NextStep } from './flow-records.ts';
import { flowEntity, taskModel } from './entities.ts';
import { REJECTED_ERROR, taskResult, taskType, WITHDRAWN_ERROR, type Exclusion, type HumanTaskData, type Returned, type TaskSpec } from './human-tasks.ts';
import {
  STEP_TIMEOUTS,
  type DecisionStep,
  type FlowStep,
  type Settled,
  type StepTimeout,
  type SubjectKind,
  type SubjectKindLookup,
  type WorkStep,
} from './subject-kind.ts';

/** A task's settlement as the flow hands it back (success output, rejection, or a closed timeout). */
export interface LastStep {
  taskId: string;
  outcome: 'approve' | 'reject' | 'return' | 'completed' | 'timed-out' | 'withdrawn';
  by?: string;
  reason?: string;
  result?: Record<string, unknown>;
  /** A quorum decision: everyone who approved it. */
  votes?: string[];
}

/** Snapshots larger than this go to the object store, referenced by SHA-256. */
const SNAPSHOT_INLINE_BYTES = 64 * 1024;
const SNAPSHOT_ACCESS = { table: 'write', objects: 'write' } as const;

/** Reads what the ASL hands over: null at the start, a Catch's {Error, Cause}, {closed}, or a task's output. */
export function readLast(last: unknown): LastStep | undefined {
  if (last === null || last === undefined) return undefined;
  const value = last as Record<string, unknown>;
  if (typeof value.Error === 'string') {
    if (value.Error !== REJECTED_ERROR && value.Error !== WITHDRAWN_ERROR) throw new Error(`the flow handed over an unexpected error ${value.Error}`);
    return JSON.parse(String(value.Cause)) as LastStep;
  }
  if (value.closed) return value.closed as LastStep;
  return value as unknown as LastStep;
}

const TERMINAL: Record<Exclude<FlowStatus, 'running'>, NextStep['kind']> = {
  approved: 'approved',
  rejected: 'rejected',
  superseded: 'rejected',
  expired: 'expired',
  interrupted: 'expired',
  withdrawn: 'withdrawn',
};

/** The default timeouts: a decision escalates after three days, work lapses after fourteen. */
const DEFAULT_TIMEOUT: Record<'decision' | 'work', StepTimeout> = { decision: 'P3D', work: 'P14D' };

/**
 * Who may not take a step (separation of duties): the requester, the current version's author, and the
 * participants of earlier steps of this execution — those the step names in `separateFrom`, else every
 * approver of another step and everyone who did an earlier work step. Work given to a named person has none.
 */
function exclusions(kind: SubjectKind, flow: FlowData, step: FlowStep, stepIndex: number, author: string): Exclusion[] {
  // Work given to a named person is theirs: the subject chose them (a plan names its tester).
  if (step.type === 'work' && step.assignee) return [];
  const excluded: Exclusion[] = [{ userId: flow.requestedBy, why: 'requester' }];
  excluded.push({ userId: author, why: `author of the ${kind.title}’s current version` });
  const separate = (other: { stepIndex: number; step: string }) =>
    step.type !== 'work' && step.separateFrom ? step.separateFrom.includes(other.step) : other.stepIndex !== stepIndex;
  for (const approval of flow.approvals) {
    if (separate(approval)) excluded.push({ userId: approval.by, why: `approver of the earlier step “${approval.step}”` });
  }
  for (const worked of flow.worked ?? []) {
    if (separate(worked) && worked.stepIndex !== stepIndex) excluded.push({ userId: worked.by, why: `participant in the earlier step “${worked.step}”` });
  }
  return excluded.filter((entry, index) => excluded.findIndex((other) => other.userId === entry.userId) === index);
}

/** The ASL state a task waits in: `<kind>-<timeout>` (statemachines/approval.asl.json routes on it). */
const waitOf = (task: Pick<TaskSpec, 'kind' | 'timeout'>) => `${task.kind}-${task.timeout ?? DEFAULT_TIMEOUT[task.kind]}`;

/** A task of this flow on the subject's current version; the step's own fields complete it. */
async function taskOf(
  tenantId: string,
  flowId: string,
  kind: SubjectKind,
  flow: FlowData,
  step: (author: string) => Pick<TaskSpec, 'kind' | 'step' | 'act' | 'escalationChain' | 'escalationLevel' | 'excluded'> & Partial<TaskSpec>,
  settled?: Settled['subject'],
): Promise<NextStep> {
  // A subject written in this same unit of work is not in the table yet: its version and author are given.
  const subject = settled ?? (await kind.current(tenantId, flow.subject.id));
  const fields = step(subject.author);
  return {
    kind: fields.kind,
    wait: waitOf(fields),
    task: {
      id: newId(),
      flowId,
      subjectKind: kind.kind,
      subject: { ...flow.subject, version: subject.version },
      requestedBy: flow.requestedBy,
      author: subject.author,
      link: kind.link(flow.subject.id),
      ...fields,
    },
  };
}

/** The task of step `stepIndex` (at escalation level `level`, for a decision). */
function stepTask(
  tenantId: string,
  flowId: string,
  kind: SubjectKind,
  flow: FlowData,
  stepIndex: number,
  level: number,
  revised?: Settled['subject'],
): Promise<NextStep> {
  const step = stepsOf(kind, flow)[stepIndex]!;
  if (step.type === 'work') return taskOf(tenantId, flowId, kind, flow, (author) => workFields(kind, flow, step, stepIndex, author), revised);
  const fields = (author: string) => decisionFields(kind, flow, step, stepIndex, level, author);
  return taskOf(tenantId, flowId, kind, flow, fields, revised);
}

function decisionFields(kind: SubjectKind, flow: FlowData, step: DecisionStep, stepIndex: number, level: number, author: string) {
  return {
    kind: 'decision' as const,
    step: step.name,
    act: step.act,
    role: step.chain[level]!,
    escalationChain: [...step.chain],
    escalationLevel: level,
    excluded: exclusions(kind, flow, step, stepIndex, author),
    ...(step.quorum && step.quorum > 1 ? { quorum: step.quorum } : {}),
    ...(step.timeout ? { timeout: step.timeout } : {}),
  };
}

function workFields(kind: SubjectKind, flow: FlowData, step: WorkStep, stepIndex: number, author: string) {
  if (!kind.work?.[step.work]) throw new Error(`subject kind ${kind.kind} declares no work ${step.work} (step ${step.name})`);
  if (!step.assignee && !step.role) throw new Error(`work step ${step.name} of ${kind.kind} names neither an assignee nor a role`);
  return {
    kind: 'work' as const,
    step: step.name,
    act: step.act,
    work: step.work,
    ...(step.assignee ? { assignee: step.assignee } : { role: step.role! }),
    escalationChain: [],
    escalationLevel: 0,
    excluded: exclusions(kind, flow, step, stepIndex, author),
    ...(step.timeout ? { timeout: step.timeout } : {}),
  };
}

/** The returned subject's revision, for its author, with the return it answers. */
function revisionStep(tenantId: string, flowId: string, kind: SubjectKind, flow: FlowData, subject: Settled['subject'], returned: Returned): Promise<NextStep> {
  return taskOf(
    tenantId,
    flowId,
    kind,
    flow,
    (author) => ({ kind: 'work', step: 'revise', act: kind.revision.act, assignee: author, escalationChain: [], escalationLevel: 0, excluded: [], returned }),
    subject,
  );
}

/** "an asset policy change by {{person:…}}": how notifications name a flow's subject. */
const subjectInWords = (kind: SubjectKind, flow: Pick<FlowData, 'requestedBy'>) => `${withArticle(kind.title)} by ${person(flow.requestedBy)}`;

/**
 * Why the flow's unit of work changes what it changes, for every audit entry it writes (the subject's,
 * the flow record's and, once approved, what takes effect): the flow, the task and who settled it. The
 * last approval names every step's decision record (approval id) and decider, beside the system actor.
 */
function auditReason(kind: SubjectKind, flowId: string, data: FlowData, current: TaskSpec, step: LastStep, passed: boolean): string {
  const flow = `flow ${flowId} (${data.flow})`;
  const record = `${current.kind === 'decision' ? 'approval' : 'task'} ${current.id}`;
  switch (step.outcome) {
    case 'approve':
    case 'completed': {
      if (step.outcome === 'completed' && !current.work) return `${flow}: the ${kind.title} revised in ${record} by ${step.by}; every step decides again`;
      const steps = stepsOf(kind, data);
      if (!passed) return `${flow}: ${current.step} failed in ${record} (by ${step.by}); the ${kind.title} goes back to its author`;
      const done = step.outcome === 'approve' ? 'approved' : 'done';
      if (data.stepIndex + 1 < steps.length) return `${flow}: ${current.step} ${done} in ${record} by ${step.by}`;
      // The history holds this decision already; after a revision only the last round's outcomes count.
      const decisions = steps.map((each) => {
        const last = data.history.findLast((entry) => entry.step === each.name && (entry.outcome === 'approve' || entry.outcome === 'completed'));
        return each.type === 'work'
          ? `${each.name} done in task ${last?.taskId} by ${last?.by}`
          : `${each.name} approved in approval ${last?.taskId} by ${last?.by}`;
      });
      return `${kind.title} ${data.subject.id} approved at every step of ${flow}, to take effect: ${decisions.join('; ')}`;
    }
    case 'timed-out':
      return `${flow}: ${current.step} not decided in ${record} before its timeout`;
    default:
      return `${flow}: ${current.step} ${step.outcome === 'reject' ? 'rejected' : 'returned'} in ${record} by ${step.by}: ${step.reason ?? ''}`;
  }
}

/** ChooseNextStep: settles `last` and answers the next step. A retry with the same `last` answers the same. */
export async function advanceFlow(ctx: WriteContext, tenantId: string, flowId: string, last: unknown, subjectKind: SubjectKindLookup): Promise<NextStep> {
  const flowEntity = await requireEntity<FlowData>(tenantId, FLOW, flowId, `flow ${flowId}`);
  const flow = flowEntity.data;
  if (flow.status !== 'running') return { kind: TERMINAL[flow.status] } as NextStep;
  const kind = subjectKind(flow.kind);
  const step = readLast(last);
  if (!step) {
    if (flow.next) return flow.next;
    // The steps are chosen once, when the flow starts, and kept: a later change of the subject's class or
    // of the tenant's settings does not change the steps of a running flow.
    const steps = [...(kind.stepsFor ? await kind.stepsFor(tenantId, flow.subject.id) : kind.steps)];
    const started: FlowData = { ...flow, steps };
    if (steps.length === 0) return startApproved(ctx, tenantId, flowEntity, started, kind);
    return record(ctx, tenantId, flowEntity, started, await stepTask(tenantId, flowId, kind, started, 0, 0));
  }
  if (flow.settled.includes(step.taskId)) return flow.next!;
  const current = flow.next && 'task' in flow.next ? flow.next.task : undefined;
  if (!current || current.id !== step.taskId) throw new Error(`flow ${flowId} does not wait for task ${step.taskId}`);
  const at = new Date().toISOString();
  const definition = current.work ? kind.work?.[current.work] : undefined;
  const passed = step.outcome !== 'completed' || !definition || definition.passed(step.result ?? {});
  const data: FlowData = {
    ...flow,
    settled: [...flow.settled, step.taskId],
    history: [
      ...flow.history,
      {
        taskId: step.taskId,
        step: current.step,
        outcome: step.outcome,
        ...(step.by ? { by: step.by } : {}),
        ...(step.reason ? { reason: step.reason } : {}),
        // A work step's result passed or failed it.
        ...(step.outcome === 'completed' && definition ? { passed } : {}),
        at,
      },
    ],
  };
  const work = new UnitOfWork({ ...ctx, reason: auditReason(kind, flowId, data, current, step, passed) });
  const steps = stepsOf(kind, flow);
  const finish = (status: Exclude<FlowStatus, 'running'>): NextStep => {
    data.status = status;
    work.event(flowCompleted.of(tenantId, { flowId, kind: kind.kind, subject: flow.subject, outcome: status }));
    const reason = step.reason ? ` Reason given by ${person(step.by!)}: “${literal(step.reason)}”` : '';
    work.event(
      notificationRequested.of(tenantId, {
        kind: 'flow-completed',
        recipients: { users: [flow.requestedBy] },
        title: `The ${kind.title} was ${status}`,
        text: `The ${kind.title} by ${person(flow.requestedBy)} was ${status} on ${utcTime(at)}.${reason}`,
        link: kind.link(flow.subject.id),
      }),
    );
    return { kind: TERMINAL[status] } as NextStep;
  };
  /** After a step passed: the next step, or, after the last, the subject approved. */
  const nextOrApproved = async (subject?: Settled['subject']): Promise<NextStep> => {
    if (flow.stepIndex + 1 < steps.length) {
      data.stepIndex = flow.stepIndex + 1;
      data.escalationLevel = 0;
      return stepTask(tenantId, flowId, kind, data, data.stepIndex, 0, subject);
    }
    const applied = await kind.settle(work, tenantId, flow.subject.id, { outcome: 'approved' });
    return finish(applied.superseded ? 'superseded' : 'approved');
  };
  let next: NextStep;
  switch (step.outcome) {
    case 'approve': {
      // Every member of a quorum approved the step.
      const approvers = step.votes ?? [step.by!];
      data.approvals = [...flow.approvals, ...approvers.map((by) => ({ stepIndex: flow.stepIndex, step: current.step, by, at }))];
      next = await nextOrApproved();
      break;
    }
    case 'reject':
      await kind.settle(work, tenantId, flow.subject.id, { outcome: 'rejected', reason: step.reason ?? '', by: step.by! });
      next = finish('rejected');
      break;
    case 'withdrawn':
      // A withdrawal ends the flow record itself (withdrawal.ts); the execution only learns of it.
      throw new Error(`flow ${flowId} was withdrawn but still runs`);
    case 'return': {
      const returned = await kind.settle(work, tenantId, flow.subject.id, { outcome: 'returned', reason: step.reason ?? '', by: step.by! });
      const why: Returned = { step: current.step, approvalId: current.id, by: step.by!, reason: step.reason ?? '', at };
      next = await revisionStep(tenantId, flowId, kind, flow, returned.subject, why);
      break;
    }
    case 'completed': {
      if (current.work) {
        // A work step: its result is the subject's; a failed one goes back to the author for revision.
        data.worked = [...(flow.worked ?? []), { stepIndex: flow.stepIndex, step: current.step, by: step.by!, at }];
        const result = step.result ?? {};
        const settled = await kind.settle(work, tenantId, flow.subject.id, {
          outcome: 'worked',
          step: current.step,
          taskId: current.id,
          result,
          passed,
          by: step.by!,
        });
        if (passed) {
          next = await nextOrApproved(settled.subject);
        } else {
          const why: Returned = { step: current.step, approvalId: current.id, by: step.by!, reason: `the step “${current.step}” failed`, at };
          next = await revisionStep(tenantId, flowId, kind, data, settled.subject, why);
        }
        break;
      }
      const revised = await kind.settle(work, tenantId, flow.subject.id, { outcome: 'revised', result: step.result ?? {}, by: step.by! });
      // The revised subject goes through every step again; its author is now the reviser.
      data.stepIndex = 0;
      data.escalationLevel = 0;
      next = await stepTask(tenantId, flowId, kind, data, 0, 0, revised.subject);
      break;
    }
    case 'timed-out': {
      const level = flow.escalationLevel + 1;
      if (current.kind === 'decision' && level < current.escalationChain.length) {
        data.escalationLevel = level;
        next = await stepTask(tenantId, flowId, kind, data, flow.stepIndex, level);
        const toRole = current.escalationChain[level]!;
        work.event(
          approvalEscalated.of(tenantId, {
            flowId,
            kind: kind.kind,
            subject: flow.subject,
            expiredApprovalId: current.id,
            step: current.step,
            fromRole: current.role!,
            toRole,
            escalationLevel: level,
          }),
        );
        work.event(
          notificationRequested.of(tenantId, {
            kind: 'approval-escalated',
            recipients: { roles: [toRole] },
            title: `Escalated to you: ${current.act}`,
            text: `No one in the ${current.role} role decided on ${subjectInWords(kind, flow)} in time (the step “${current.step}” closed on ${utcTime(at)}); it now waits for the ${toRole} role.`,
            link: `/approvals/${'task' in next ? next.task.id : ''}`,
          }),
        );
      } else {
        await kind.settle(work, tenantId, flow.subject.id, { outcome: 'expired' });
        next = finish('expired');
      }
      break;
    }
  }
  return record(ctx, tenantId, flowEntity, data, next, work);
}

/** A subject whose flow has no step (a standard change): approved as the flow starts. */
async function startApproved(ctx: WriteContext, tenantId: string, before: StoredEntity<FlowData>, data: FlowData, kind: SubjectKind): Promise<NextStep> {
  const work = new UnitOfWork({ ...ctx, reason: `flow ${before.id} (${data.flow}): the ${kind.title} needs no decision; it takes effect` });
  const applied = await kind.settle(work, tenantId, data.subject.id, { outcome: 'approved' });
  const status = applied.superseded ? 'superseded' : 'approved';
  work.event(flowCompleted.of(tenantId, { flowId: before.id, kind: kind.kind, subject: data.subject, outcome: status }));
  const next = { kind: TERMINAL[status] } as NextStep;
  return record(ctx, tenantId, before, { ...data, status }, next, work);
}

async function record(
  ctx: WriteContext,
  tenantId: string,
  before: StoredEntity<FlowData>,
  data: FlowData,
  next: NextStep,
  work = new UnitOfWork(ctx),
): Promise<NextStep> {
  work.update(flowEntity, before, { ...data, next });
  await work.commit();
  return next;
}

/** AwaitDecision / AwaitWork: opens the task and keeps its token with it. A retried open only renews the token. */
export async function openHumanTask(
  ctx: WriteContext,
  tenantId: string,
  spec: TaskSpec,
  token: string,
  subjectKind: SubjectKindLookup,
): Promise<'opened' | 'renewed' | 'settled'> {
  const type = taskType(spec.kind);
  const existing = await getEntity<HumanTaskData>(tenantId, type, spec.id);
  if (existing) {
    await putTaskToken(tenantId, type, spec.id, token);
    return existing.data.status === 'pending' ? 'renewed' : 'settled';
  }
  const kind = subjectKind(spec.subjectKind);
  const subject = await kind.current(tenantId, spec.subject.id);
  const openedAt = new Date();
  const dueAt = new Date(openedAt.getTime() + STEP_TIMEOUTS[spec.timeout ?? DEFAULT_TIMEOUT[spec.kind]] * 1000).toISOString();
  // A revision's return travels with the task's snapshot: what the assignee is asked to answer.
  const { returned, ...fields } = spec;
  const snapshot = await keepSnapshot(tenantId, spec.id, subject.snapshot, returned);
  const difference = subject.inForce ? differenceOf(subject.inForce) : undefined;
  const data: HumanTaskData = { ...fields, status: 'pending', openedAt: openedAt.toISOString(), dueAt, ...snapshot, ...(difference ? { difference } : {}) };
  const work = new UnitOfWork({ ...ctx, now: openedAt });
  work.create(taskModel(spec.kind), tenantId, spec.id, data);
  work.record(taskTokenItem(tenantId, type, spec.id, token));
  const flowRef = { flowId: spec.flowId, kind: spec.subjectKind, subject: { type: spec.subject.type, id: spec.subject.id } };
  const about = subjectInWords(kind, spec);
  if (spec.kind === 'decision') {
    work.event(
      approvalRequested.of(tenantId, { ...flowRef, approvalId: spec.id, step: spec.step, role: spec.role!, escalationLevel: spec.escalationLevel, dueAt }),
    );
    const changes = difference ? `\n\n${changeSummary(difference)}` : '';
    work.event(
      notificationRequested.of(tenantId, {
        kind: 'approval-requested',
        recipients: { roles: [spec.role!] },
        exclude: spec.excluded.map((entry) => entry.userId),
        title: `Decision needed: ${spec.act}`,
        text: `${capitalized(about)} waits for a decision by the ${spec.role} role (step “${spec.step}”), due ${utcTime(dueAt)}.${changes}`,
        link: `/approvals/${spec.id}`,
      }),
    );
  } else {
    const to = spec.assignee ? { assignee: spec.assignee } : { role: spec.role! };
    work.event(taskAssigned.of(tenantId, { ...flowRef, taskId: spec.id, step: spec.step, ...to, dueAt }));
    const asked = returned
      ? `${person(returned.by)} returned ${about} at the step “${returned.step}” on ${utcTime(returned.at)}.\n\nReason: “${literal(returned.reason)}”\n\nPlease revise it by ${utcTime(dueAt)}.`
      : `${capitalized(about)} needs ${spec.assignee ? 'your' : `the ${spec.role} role’s`} work (step “${spec.step}”), due ${utcTime(dueAt)}.`;
    work.event(
      notificationRequested.of(tenantId, {
        kind: 'task-assigned',
        recipients: spec.assignee ? { users: [spec.assignee] } : { roles: [spec.role!] },
        ...(spec.assignee ? {} : { exclude: spec.excluded.map((entry) => entry.userId) }),
        title: `Task for you: ${spec.act}`,
        text: asked,
        link: `/tasks/${spec.id}`,
      }),
    );
  }
  await work.commit();
  return 'opened';
}

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** The paths a decision would change, for the mail (the task view shows the values). */
function changeSummary(difference: Difference): string {
  const shown = difference.changes.slice(0, 10).map((change) => change.path || '(the whole)');
  const more = difference.changes.length - shown.length + (difference.omitted ?? 0);
  if (shown.length === 0) return `It changes nothing in ${difference.of} in force (version ${difference.version}).`;
  return `It changes ${difference.of} in force (version ${difference.version}) at ${shown.join(', ')}${more ? ` and ${more} more` : ''}.`;
}

async function keepSnapshot(
  tenantId: string,
  taskId: string,
  subject: Record<string, unknown>,
  returned?: Returned,
): Promise<Pick<HumanTaskData, 'snapshot' | 'snapshotRef'>> {
  const snapshot = returned ? { ...subject, returned } : subject;
  const body = Buffer.from(JSON.stringify(snapshot));
  if (body.length <= SNAPSHOT_INLINE_BYTES) return { snapshot };
  const key = objectKey(tenantId, 'snapshots', taskId, 'subject.json');
  await blobStore(tenantId, SNAPSHOT_ACCESS).put(key, body, 'application/json');
  // The return stays readable in the task itself, however large the subject.
  return {
    ...(returned ? { snapshot: { returned } } : {}),
    snapshotRef: { objectKey: key, sha256: createHash('sha256').update(body).digest('hex'), size: body.length },
  };
}

/**
 * CloseTimedOutTask: the step's time ran out. The task becomes `expired` (deciding it then answers 409);
 * if a decision was committed first, that decision goes on instead, so no decision is lost to the race.
 */
export async function closeTimedOutTask(ctx: WriteContext, tenantId: string, spec: TaskSpec): Promise<Record<string, unknown>> {
  const type = taskType(spec.kind);
  for (let attempt = 0; attempt < 3; attempt++) {
    const task = await requireEntity<HumanTaskData>(tenantId, type, spec.id, `${type} ${spec.id}`);
    if (task.data.status !== 'pending') return taskResult(task.data);
    const work = new UnitOfWork({ ...ctx, reason: 'no decision before the step’s timeout' });
    work.update(taskModel(spec.kind), task, { ...task.data, status: 'expired' });
    try {
      await work.commit();
      return taskResult({ ...task.data, status: 'expired' });
    } catch (error) {
      if ((error as { status?: number }).status !== 412) throw error;
    }
  }
  throw problems.conflict(`task ${spec.id} kept changing while its timeout was closed`);
}
