import { getAssetPolicy } from '@ismf/assets/policy';
import { getAssetPolicy as operation } from '@ismf/assets/operations';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(operation, async ({ tenantId }) => ({ body: await getAssetPolicy(tenantId) }));
