import { closeTimedOutTask } from '@ismf/flows/engine';
import type { TaskSpec } from '@ismf/flows/human-tasks';
import { approvalFlow } from '@ismf/approvals/approval-flow';
import { flowTaskHandler } from '@ismf/flows/task-handler';

export const handler = flowTaskHandler(approvalFlow, 'CloseTimedOutTaskFunctionArn', (payload, write) =>
  closeTimedOutTask(write, payload.flow.tenantId, payload.task as TaskSpec),
);
