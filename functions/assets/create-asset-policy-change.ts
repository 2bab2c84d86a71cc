import { submitPolicyChange } from '@ismf/assets/policy-change';
import { createAssetPolicyChange as operation } from '@ismf/catalogue/operations/assets';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(operation, async ({ tenantId, body, write, idempotency }) => {
  const { response, replayed } = await submitPolicyChange(write, tenantId, body, idempotency);
  return { status: replayed ? 200 : 201, body: response };
});
