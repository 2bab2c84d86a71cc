import { getTask as operation } from '@ismf/approvals/operations';
import { getTask } from '@ismf/flows/decisions';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(operation, async ({ tenantId, params }) => ({ body: await getTask(tenantId, params.taskId, operation.access) }));
