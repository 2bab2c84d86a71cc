import { closeTimedOutTask } from '@ismf/flows/engine';
import type { TaskSpec } from '@ismf/flows/human-tasks';
import { flowTaskHandler } from '@ismf/flows/task-handler';

export const handler = flowTaskHandler('CloseTimedOutTaskFunctionArn', (payload, write) =>
  closeTimedOutTask(write, payload.flow.tenantId, payload.task as TaskSpec),
);
