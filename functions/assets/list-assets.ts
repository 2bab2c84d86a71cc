import { listAssets } from '@ismf/assets/register';
import { listAssets as operation } from '@ismf/assets/operations';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(operation, async ({ tenantId, query }) => {
  const { limit, cursor, ...filters } = query;
  return { body: await listAssets(tenantId, filters, { limit, cursor }) };
});
