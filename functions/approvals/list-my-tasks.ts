import { currentRegistry } from '@ismf/app/areas';
import { listMyTasks as operation } from '@ismf/approvals/operations';
import { myTasks } from '@ismf/flows/my-tasks';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(operation, async ({ tenantId, caller }) => ({ body: await myTasks(tenantId, caller, currentRegistry()) }));
