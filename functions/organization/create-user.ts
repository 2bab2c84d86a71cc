import { createUser as operation } from '@ismf/catalogue/operations/users';
import { createUser } from '@ismf/directory/users';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(operation, async ({ tenantId, body, write, idempotency }) => {
  const { response, replayed } = await createUser(write, tenantId, body, idempotency);
  return { status: replayed ? 200 : 201, body: response };
});
