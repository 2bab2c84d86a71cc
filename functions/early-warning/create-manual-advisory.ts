import { createManualAdvisory as operation } from '@ismf/early-warning/entry-operations';
import { createManualAdvisory } from '@ismf/early-warning/manual-advisories';
import { operationHandler } from '@ismf/http/operation-handler';
import { createdOrReplayed } from '@ismf/store/idempotency';

export const handler = operationHandler(operation, async ({ tenantId, body, write, idempotency }) =>
  createdOrReplayed(await createManualAdvisory(write, tenantId, body, operation.access, idempotency)),
);
