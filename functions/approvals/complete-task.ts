import { currentRegistry } from '@ismf/app/areas';
import { completeTask as operation } from '@ismf/approvals/operations';
import { completeTask } from '@ismf/flows/decisions';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(operation, async ({ tenantId, params, body, caller, write }) => ({
  body: await completeTask(write, tenantId, params.taskId, caller, body, currentRegistry().subjectKind),
}));
