import { removeOffSite } from '@ismf/assets/lifecycle';
import { removeAssetOffSite as operation } from '@ismf/assets/lifecycle-operations';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(operation, async ({ tenantId, params, body, write, expectedVersion, caller }) => ({
  body: await removeOffSite(write, tenantId, params.assetId, expectedVersion!, body, caller),
}));
