import { registerAsset } from '@ismf/assets/register';
import { createAsset as operation } from '@ismf/assets/operations';
import { operationHandler } from '@ismf/http/operation-handler';
import { createdOrReplayed } from '@ismf/store/idempotency';

export const handler = operationHandler(operation, async ({ tenantId, body, write, caller, idempotency }) =>
  createdOrReplayed(await registerAsset(write, tenantId, body, caller, idempotency)),
);
