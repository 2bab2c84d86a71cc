import { operationHandler } from '@ismf/http/operation-handler';
import { createPatchRequirements as operation } from '@ismf/patches/operations';
import { createFromBulletin } from '@ismf/patches/requirements';
import { createdOrReplayed } from '@ismf/store/idempotency';

export const handler = operationHandler(operation, async ({ tenantId, body, write, idempotency }) =>
  createdOrReplayed(await createFromBulletin(write, tenantId, body, idempotency)),
);
