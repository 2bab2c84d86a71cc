// The record of one flow execution: where it stands, who approved which step, what happened to each
// task. Areas request a flow in the same unit of work as their subject; the FlowRequested event starts it.
import { newId } from '@ismf/core/ids';
import { flowRequested } from './events.ts';
import { entityView, requireEntity } from '@ismf/store/entities';
import { personNames } from '@ismf/store/people-names';
import type { UnitOfWork } from '@ismf/store/unit-of-work';
import { flowEntity } from './entities.ts';
import type { TaskSpec } from './human-tasks.ts';
import type { SubjectKindLookup } from './subject-kind.ts';

export const FLOW = flowEntity.type;
/** The flow of the catalogue that runs human decisions. */
const APPROVAL_FLOW = 'approval';

export type FlowStatus = 'running' | 'approved' | 'rejected' | 'superseded' | 'expired' | 'interrupted' | 'withdrawn';

export type NextStep = { kind: 'decision' | 'work'; task: TaskSpec } | { kind: 'approved' | 'rejected' | 'expired' | 'withdrawn' };

export interface FlowHistoryEntry {
  taskId: string;
  step: string;
  outcome: string;
  by?: string;
  reason?: string;
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
  /** Who approved which step of this execution (separation of duties). */
  approvals: { stepIndex: number; step: string; by: string; at: string }[];
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
 * The flow as people read it: its engine's bookkeeping (settled tasks, the raw next step) left out, and
 * each person it names (all by token subject) beside the recorded id, with one directory read.
 */
/**
 * A flow as people read it: its people named, its open step, and (with the subject kinds) every step of its
 * kind in order with who decides each, so that a reader sees the steps still to come.
 */
export async function getFlow(tenantId: string, flowId: string, kinds?: SubjectKindLookup) {
  const flow = await requireEntity<FlowData>(tenantId, FLOW, flowId, `flow ${flowId}`);
  const steps = kinds?.(flow.data.kind).steps.map((step) => ({ step: step.name, act: step.act, roles: [...step.chain] }));
  const { settled: _settled, next, ...data } = flow.data;
  const task = data.status === 'running' && next && 'task' in next ? next.task : undefined;
  const names = await personNames(tenantId, {
    subjects: [data.requestedBy, task?.assignee, ...data.approvals.map((approval) => approval.by), ...data.history.map((entry) => entry.by)],
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
      history: data.history.map((entry) => ({ ...entry, ...(entry.by ? { byPerson: names.subject(entry.by) } : {}) })),
      ...(waitingFor ? { waitingFor } : {}),
      ...(steps ? { steps } : {}),
    },
  });
}
