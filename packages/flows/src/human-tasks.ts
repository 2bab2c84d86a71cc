// Human tasks: an approval (a decision: approve, reject, return) or a work task (a result to hand in).
// The flow engine specifies each task; the task handler opens it with its token; the decision API
// settles it. Open tasks are queued by role or person and listed by due time (entities.ts).
import type { StoredEntity } from '@ismf/store/unit-of-work';
import { entityView } from '@ismf/store/entities';
import type { Difference } from './difference.ts';
import type { StepTimeout } from './subject-kind.ts';
import { approvalEntity, taskModel, workTaskEntity } from './entities.ts';

export const APPROVAL = approvalEntity.type;
export const WORK_TASK = workTaskEntity.type;

/** The task failures the flow catches (its Catch clauses name them), so the ASL goes on to ChooseNextStep. */
export const REJECTED_ERROR = 'Approval.Rejected';
export const WITHDRAWN_ERROR = 'Flow.Withdrawn';

export type TaskKind = 'decision' | 'work';
export type TaskStatus = 'pending' | 'approved' | 'rejected' | 'returned' | 'completed' | 'expired' | 'interrupted' | 'withdrawn';

export interface Exclusion {
  userId: string;
  /** requester, author, or the approver of an earlier step. */
  why: string;
}

/** What the flow engine asks for; the task handler opens it as it is (its id makes retries harmless). */
export interface TaskSpec {
  [key: string]: unknown;
  id: string;
  kind: TaskKind;
  flowId: string;
  subjectKind: string;
  subject: { type: string; id: string; version: number };
  step: string;
  act: string;
  /** Decisions: the role that decides at this escalation level; work steps given to a role: anyone holding it. */
  role?: string;
  /** Work tasks: the person who does it. */
  assignee?: string;
  /** A work step's kind of work (the subject kind's `work` entry); absent on a revision. */
  work?: string;
  /** Decisions: how many different people of the role must approve (default one). */
  quorum?: number;
  /** How long the task waits (its ASL state), default P3D for decisions and P14D for work. */
  timeout?: StepTimeout;
  escalationChain: string[];
  escalationLevel: number;
  excluded: Exclusion[];
  requestedBy: string;
  author: string;
  link: string;
  /** A revision: the return it answers. The opened task keeps it in its snapshot (`returned`), beside the subject. */
  returned?: Returned;
}

/** Who returned the subject at which step, in which approval, and why. */
export interface Returned {
  step: string;
  approvalId: string;
  by: string;
  reason: string;
  at: string;
}

export interface Decision {
  outcome: 'approve' | 'reject' | 'return';
  reason?: string;
  by: string;
  roles: string[];
  at: string;
}

export interface HumanTaskData extends TaskSpec {
  status: TaskStatus;
  openedAt: string;
  dueAt: string;
  /** The subject as the decider saw it, or where it is kept when large. */
  snapshot?: Record<string, unknown>;
  snapshotRef?: { objectKey: string; sha256: string; size: number };
  /** A change to something in force: what it changes there (SubjectState.inForce). */
  difference?: Difference;
  decision?: Decision;
  /** A quorum decision's approvals so far (the last one completes it). */
  votes?: { by: string; roles: string[]; at: string; reason?: string }[];
  completion?: { result: Record<string, unknown>; by: string; at: string };
  /** The requester withdrew the subject while this task was open. */
  withdrawal?: { reason: string; by: string; at: string };
}

export const taskType = (kind: TaskKind) => taskModel(kind).type;

export function taskView(entity: StoredEntity<HumanTaskData>) {
  const { snapshotRef, ...data } = entity.data;
  return entityView({ ...entity, data: { ...data, ...(snapshotRef ? { snapshotRef: { sha256: snapshotRef.sha256, size: snapshotRef.size } } : {}) } });
}

/** The settlement a flow receives for a settled task (what SendTaskSuccess carries, or the rejection's cause). */
export function taskResult(task: HumanTaskData): Record<string, unknown> {
  if (task.decision) {
    const votes = task.votes && task.votes.length > 1 ? { votes: task.votes.map((vote) => vote.by) } : {};
    return {
      taskId: task.id,
      outcome: task.decision.outcome,
      by: task.decision.by,
      ...(task.decision.reason ? { reason: task.decision.reason } : {}),
      ...votes,
    };
  }
  if (task.completion) return { taskId: task.id, outcome: 'completed', by: task.completion.by, result: task.completion.result };
  if (task.withdrawal) return { taskId: task.id, outcome: 'withdrawn', by: task.withdrawal.by, reason: task.withdrawal.reason };
  return { taskId: task.id, outcome: 'timed-out' };
}
