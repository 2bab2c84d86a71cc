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
  operations: [getApproval, decideApproval, getTask, completeTask, getFlow, listMyTasks],
  events: [flowRequested, approvalRequested, approvalDecided, approvalEscalated, taskAssigned, taskCompleted, flowWithdrawn, flowCompleted],
  consumers: [startFlowConsumer, resumeFlowConsumer],
  flows: [approvalFlow],
  notificationKinds: ['approval-requested', 'task-assigned', 'approval-escalated', 'approval-decided', 'flow-completed'],
  entities: [flowEntity, approvalEntity, workTaskEntity],
});
