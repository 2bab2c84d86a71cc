import { assetHistory } from '@ismf/assets/register';
import { getAssetHistory as operation } from '@ismf/assets/operations';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(operation, async ({ tenantId, params, query }) => ({ body: await assetHistory(tenantId, params.assetId, query) }));
