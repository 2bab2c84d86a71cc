import { affectedAssetsPage } from '@ismf/change/impact';
import { listChangeAffectedAssets as operation } from '@ismf/change/operations';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(operation, async ({ tenantId, params, query }) => ({
  body: await affectedAssetsPage(tenantId, params.changeRequestId, query),
}));
