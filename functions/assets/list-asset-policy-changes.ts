import { listPolicyChanges } from '@ismf/assets/policy-change';
import { listAssetPolicyChanges as operation } from '@ismf/assets/operations';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(operation, async ({ tenantId, query }) => ({ body: await listPolicyChanges(tenantId, query) }));
