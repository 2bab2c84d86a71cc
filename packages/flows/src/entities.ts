// The flows' records: a flow execution with its history, and its human tasks. An open task is queued to
// its role (a decision) or its person (a work task) and listed by due time; a settled task leaves both.
import { defineEntity } from '@ismf/store/entity-model';
import type { FlowData } from './flow-records.ts';
import type { HumanTaskData } from './human-tasks.ts';

export const flowEntity = defineEntity<FlowData>()({
  type: 'flow',
  description: 'One run of human decisions on a subject: its steps, decisions and outcome.',
  audited: true,
  // Authorization (6.1.4) with segregation of duties (10.1.3).
  controls: ['6.1.4', '10.1.3'],
  label: (flow) => `${flow.kind} ${flow.subject.id}`,
  link: (id) => `/flows/${id}`,
});

const open = (task: HumanTaskData) => task.status === 'pending';

export const approvalEntity = defineEntity<HumanTaskData>()({
  type: 'approval',
  description: 'A decision asked of a role: approve, reject or return, with the decider and reason.',
  audited: true,
  controls: ['6.1.4', '10.1.3'],
  label: (task) => task.act,
  link: (id) => `/approvals/${id}`,
  patterns: {
    /** The open decisions of one role, soonest due first. */
    queuedTo: { index: 'GSI3', partition: ['role'], sort: ['dueAt', 'id'], when: open },
    /** Every open decision of the tenant by due time (a team's overdue tasks). */
    due: { index: 'GSI4', partition: [], sort: ['dueAt', 'id'], when: open },
  },
});

export const workTaskEntity = defineEntity<HumanTaskData>()({
  type: 'task',
  description: 'A work task assigned to a person or a role (a revision, a test result), with its result.',
  audited: true,
  controls: ['10.1.3'],
  label: (task) => task.act,
  link: (id) => `/tasks/${id}`,
  patterns: {
    /** The open work tasks of one person, soonest due first. */
    queuedTo: { index: 'GSI3', partition: ['assignee'], sort: ['dueAt', 'id'], when: open },
    /** The open work tasks given to a role (anyone holding it may do them), soonest due first. */
    queuedToRole: { index: 'GSI5', partition: ['role'], sort: ['dueAt', 'id'], when: (task) => open(task) && !task.assignee },
    /** Every open work task of the tenant by due time. */
    due: { index: 'GSI4', partition: [], sort: ['dueAt', 'id'], when: open },
  },
});

/** The model of a task of this kind: decisions are approvals, the rest work tasks. */
export const taskModel = (kind: HumanTaskData['kind']) => (kind === 'decision' ? approvalEntity : workTaskEntity);
