import { createFreeze } from '@ismf/change/freezes';
import { createChangeFreeze as operation } from '@ismf/change/operations';
import { operationHandler } from '@ismf/http/operation-handler';
import { createdOrReplayed } from '@ismf/store/idempotency';

export const handler = operationHandler(operation, async ({ tenantId, body, write, idempotency }) =>
  createdOrReplayed(await createFreeze(write, tenantId, body, idempotency)),
);
