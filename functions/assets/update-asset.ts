import { changeAsset } from '@ismf/assets/register';
import { updateAsset as operation } from '@ismf/assets/operations';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(operation, async ({ tenantId, params, body, write, expectedVersion, caller }) => ({
  body: await changeAsset(write, tenantId, params.assetId, expectedVersion!, body, caller),
}));
