import { listUsers as operation } from '@ismf/catalogue/operations/users';
import { listUsers } from '@ismf/directory/users';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(operation, async ({ tenantId, query }) => ({ body: await listUsers(tenantId, query) }));
