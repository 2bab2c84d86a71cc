import { createUser as operation } from '@ismf/directory/operations';
import { createUser } from '@ismf/directory/users';
import { operationHandler } from '@ismf/http/operation-handler';
import { createdOrReplayed } from '@ismf/store/idempotency';

export const handler = operationHandler(operation, async ({ tenantId, body, write, idempotency }) =>
  createdOrReplayed(await createUser(write, tenantId, body, idempotency)),
);
