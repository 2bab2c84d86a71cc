import { operationHandler } from '@ismf/http/operation-handler';
import { createPatchWave as operation } from '@ismf/patches/operations';
import { createWave } from '@ismf/patches/waves';
import { createdOrReplayed } from '@ismf/store/idempotency';

export const handler = operationHandler(operation, async ({ tenantId, body, write, idempotency }) =>
  createdOrReplayed(await createWave(write, tenantId, body, idempotency)),
);
