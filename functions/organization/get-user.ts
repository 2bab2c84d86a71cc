import { getUser as operation } from '@ismf/directory/operations';
import { getUser } from '@ismf/directory/users';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(operation, async ({ tenantId, params }) => ({ body: await getUser(tenantId, params.userId) }));
