import { listUsers as operation } from '@ismf/directory/operations';
import { listUsers } from '@ismf/directory/users';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(operation, async ({ tenantId, query }) => ({ body: await listUsers(tenantId, query) }));
