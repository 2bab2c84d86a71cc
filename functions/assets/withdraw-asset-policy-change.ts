import { withdrawPolicyChange } from '@ismf/assets/policy-change';
import { withdrawAssetPolicyChange as operation } from '@ismf/assets/operations';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(operation, async ({ tenantId, params, body, write }) => ({
  body: await withdrawPolicyChange(write, tenantId, params.changeId, body.reason),
}));
