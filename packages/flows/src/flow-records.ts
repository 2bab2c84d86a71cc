// The record of one flow execution: where it stands, who approved which step, what happened to each
// task. Areas request a flow in the same unit of work as their subject; the FlowRequested event starts it.
import { newId } from '@ismf/core/ids';
import { flowRequested } from './events.ts';
import { entityView, requireEntity } from '@ismf/store/entities';
import type { PersonNames } from '@ismf/core/people';
import { personNames } from '@ismf/store/people-names';
import type { UnitOfWork } from '@ismf/store/unit-of-work';
import { flowEntity } from './entities.ts';
import type { TaskSpec } from './human-tasks.ts';
import type { FlowStep, SubjectKind, SubjectKindLookup } from './subject-kind.ts';

export const FLOW = flowEntity.type;
/** The flow of the catalogue that runs human decisions. */
const APPROVAL_FLOW = 'approval';

export type FlowStatus = 'running' | 'approved' | 'rejected' | 'superseded' | 'expired' | 'interrupted' | 'withdrawn';

/** `wait`: `<kind>-<timeout>`, the ASL state the task waits in (its fixed TimeoutSeconds). */
export type NextStep = { kind: 'decision' | 'work'; task: TaskSpec; wait?: string } | { kind: 'approved' | 'rejected' | 'expired' | 'withdrawn' };

export interface FlowHistoryEntry {
  taskId: string;
  step: string;
  outcome: string;
  by?: string;
  reason?: string;
  /** A work step: whether its result passed it. */
  passed?: boolean;
  at: string;
}

export interface FlowData {
  [key: string]: unknown;
  flow: string;
  kind: string;
  subject: { type: string; id: string };
  requestedBy: string;
  status: FlowStatus;
  stepIndex: number;
  escalationLevel: number;
  /** The steps chosen for this subject when the flow started (absent on older flows: the kind's steps). */
  steps?: FlowStep[];
  /** Who approved which step of this execution (separation of duties). */
  approvals: { stepIndex: number; step: string; by: string; at: string }[];
  /** Who handed in the work of which work step (separation of duties: a tester never authorizes). */
  worked?: { stepIndex: number; step: string; by: string; at: string }[];
  history: FlowHistoryEntry[];
  /** Tasks already settled: a retried step answers what it answered before. */
  settled: string[];
  next?: NextStep;
}

/** The execution input: the flow's tenant and id, and no last step yet. */
export interface FlowInput {
  [key: string]: unknown;
  flow: { tenantId: string; flowId: string };
  last: null;
}

/** The steps of a flow: those chosen for its subject when it started, else its kind's. */
export const stepsOf = (kind: Pick<SubjectKind, 'steps'>, flow: Pick<FlowData, 'steps'>): readonly FlowStep[] => flow.steps ?? kind.steps;

export function requestFlow(work: UnitOfWork, tenantId: string, kind: string, subject: { type: string; id: string }, requestedBy: string): string {
  const flowId = newId();
  work.create(flowEntity, tenantId, flowId, {
    flow: APPROVAL_FLOW,
    kind,
    subject,
    requestedBy,
    status: 'running',
    stepIndex: 0,
    escalationLevel: 0,
    approvals: [],
    history: [],
    settled: [],
  });
  work.event(flowRequested.of(tenantId, { flowId, kind, subject, flow: APPROVAL_FLOW }));
  return flowId;
}

/**
 * A flow as people read it: its people named, its open step, and (with the subject kinds) every step of its
 * kind in order with who decides each, so that a reader sees the steps still to come.
 */
export async function getFlow(tenantId: string, flowId: string, kinds?: SubjectKindLookup) {
  const flow = await requireEntity<FlowData>(tenantId, FLOW, flowId, `flow ${flowId}`);
  const chosen = kinds ? stepsOf(kinds(flow.data.kind), flow.data) : undefined;
  const { settled: _settled, next, steps: _steps, ...data } = flow.data;
  const task = data.status === 'running' && next && 'task' in next ? next.task : undefined;
  const names = await personNames(tenantId, {
    subjects: [
      data.requestedBy,
      task?.assignee,
      ...(chosen ?? []).map((step) => (step.type === 'work' ? step.assignee : undefined)),
      ...(data.worked ?? []).map((entry) => entry.by),
      ...data.approvals.map((approval) => approval.by),
      ...data.history.map((entry) => entry.by),
    ],
  });
  const waitingFor = task
    ? {
        taskId: task.id,
        kind: task.kind,
        step: task.step,
        ...(task.role ? { role: task.role } : {}),
        ...(task.assignee ? { assignee: task.assignee, assigneePerson: names.subject(task.assignee) } : {}),
        link: task.kind === 'decision' ? `/approvals/${task.id}` : `/tasks/${task.id}`,
      }
    : undefined;
  return entityView({
    ...flow,
    data: {
      ...data,
      requestedByPerson: names.subject(data.requestedBy),
      approvals: data.approvals.map((approval) => ({ ...approval, byPerson: names.subject(approval.by) })),
      ...(data.worked ? { worked: data.worked.map((entry) => ({ ...entry, byPerson: names.subject(entry.by) })) } : {}),
      history: data.history.map((entry) => ({ ...entry, ...(entry.by ? { byPerson: names.subject(entry.by) } : {}) })),
      ...(waitingFor ? { waitingFor } : {}),
      ...(chosen ? { steps: chosen.map((step) => stepView(step, names)) } : {}),
    },
  });
}

/** A step as GET /flows/{id} lists it: who decides it or does it, and how. */
function stepView(step: FlowStep, names: PersonNames) {
  if (step.type === 'work') {
    const assignee = step.assignee ? { assignee: step.assignee, assigneePerson: names.subject(step.assignee) } : {};
    return { step: step.name, act: step.act, kind: 'work' as const, roles: step.role ? [step.role] : [], ...assignee };
  }
  return {
    step: step.name,
    act: step.act,
    kind: 'decision' as const,
    roles: [...step.chain],
    ...(step.quorum && step.quorum > 1 ? { quorum: step.quorum } : {}),
  };
}
