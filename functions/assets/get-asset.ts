import { getAsset } from '@ismf/assets/register';
import { getAsset as operation } from '@ismf/assets/operations';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(operation, async ({ tenantId, params }) => ({ body: await getAsset(tenantId, params.assetId) }));
