import { createChangeRequest as operation } from '@ismf/change/operations';
import { createChangeRequest } from '@ismf/change/requests';
import { operationHandler } from '@ismf/http/operation-handler';
import { createdOrReplayed } from '@ismf/store/idempotency';

export const handler = operationHandler(operation, async ({ tenantId, body, write, idempotency }) =>
  createdOrReplayed(await createChangeRequest(write, tenantId, body, idempotency)),
);
