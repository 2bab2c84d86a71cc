import { getPolicyChange } from '@ismf/assets/policy-change';
import { getAssetPolicyChange as operation } from '@ismf/assets/operations';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(operation, async ({ tenantId, params }) => ({ body: await getPolicyChange(tenantId, params.changeId) }));
