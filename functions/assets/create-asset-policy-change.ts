import { submitPolicyChange } from '@ismf/assets/policy-change';
import { createAssetPolicyChange as operation } from '@ismf/assets/operations';
import { operationHandler } from '@ismf/http/operation-handler';
import { createdOrReplayed } from '@ismf/store/idempotency';

export const handler = operationHandler(operation, async ({ tenantId, body, write, idempotency }) =>
  createdOrReplayed(await submitPolicyChange(write, tenantId, body, idempotency)),
);
