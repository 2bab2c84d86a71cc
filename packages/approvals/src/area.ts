// The flows: human decisions and work tasks on the subjects of every area, and the caller's task list.
// The engine is generic (it never imports an area); the kinds of subject come from the registry.
import { defineArea } from '@ismf/area/declaration';
import { approvalFlow } from './approval-flow.ts';
import { resumeFlowConsumer, startFlowConsumer } from './consumers.ts';
import { approvalEntity, flowEntity, workTaskEntity } from '@ismf/flows/entities';
import {
  approvalDecided,
  approvalEscalated,
  approvalRequested,
  flowCompleted,
  flowRequested,
  flowWithdrawn,
  taskAssigned,
  taskCompleted,
} from '@ismf/flows/events';
import { completeTask, decideApproval, getApproval, getFlow, getTask, listMyTasks } from './operations.ts';

export const approvalsArea = defineArea({
  area: 'approvals',
  title: 'Approvals and tasks',
  tags: [
    {
      name: 'approvals',
      group: 'Decisions and work',
      description:
        'Decisions asked of a role: each step of an area’s approval flow (an asset policy change …), with separation of duties and escalation. X.1051 6.1.4 authorization process, 10.1.3 segregation of duties.',
    },
    {
      name: 'tasks',
      group: 'Decisions and work',
      description:
        'Work tasks of a flow: a revision or a result handed in by the person assigned. X.1051 6.1.4 authorization process, 10.1.3 segregation of duties.',
    },
    {
      name: 'flows',
      group: 'Decisions and work',
      description:
        'Where a subject’s human decisions stand: the step it waits for and every step’s outcome, the decision record an auditor reads. X.1051 10.10.1 audit logging.',
    },
    {
      name: 'me',
      group: 'Decisions and work',
      description:
        'The caller’s own: what they owe (decisions, work tasks, reviews of the assets they own; X.1051 6.1.3 allocation of responsibilities, 8.2.1 management responsibilities) and how they hear of it (X.1051 13.1.1 reporting information security events).',
    },
  ],
  operations: [getApproval, decideApproval, getTask, completeTask, getFlow, listMyTasks],
  events: [flowRequested, approvalRequested, approvalDecided, approvalEscalated, taskAssigned, taskCompleted, flowWithdrawn, flowCompleted],
  consumers: [startFlowConsumer, resumeFlowConsumer],
  flows: [approvalFlow],
  notificationKinds: ['approval-requested', 'task-assigned', 'approval-escalated', 'approval-decided', 'flow-completed'],
  entities: [flowEntity, approvalEntity, workTaskEntity],
});
