import { createAdvisorySource as operation } from '@ismf/early-warning/operations';
import { createSource } from '@ismf/early-warning/sources';
import { operationHandler } from '@ismf/http/operation-handler';
import { createdOrReplayed } from '@ismf/store/idempotency';

export const handler = operationHandler(operation, async ({ tenantId, body, write, idempotency }) =>
  createdOrReplayed(await createSource(write, tenantId, body, idempotency)),
);
