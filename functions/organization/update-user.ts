import { updateUser as operation } from '@ismf/catalogue/operations/users';
import { updateUser } from '@ismf/directory/users';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(operation, async ({ tenantId, params, body, write, expectedVersion }) => ({
  body: await updateUser(write, tenantId, params.userId, expectedVersion!, body),
}));
