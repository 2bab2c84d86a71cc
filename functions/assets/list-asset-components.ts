import { listComponents } from '@ismf/assets/components';
import { listAssetComponents as operation } from '@ismf/assets/operations';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(operation, async ({ tenantId, params, query }) => {
  const { limit, cursor, ...filters } = query;
  return { body: await listComponents(tenantId, params.assetId, filters, { limit, cursor }) };
});
