import { assetSummary } from '@ismf/assets/summary';
import { getAssetSummary as operation } from '@ismf/assets/summary-operations';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(operation, async ({ tenantId }) => ({ body: await assetSummary(tenantId) }));
