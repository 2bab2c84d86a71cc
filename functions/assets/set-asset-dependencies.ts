import { setDependencies } from '@ismf/assets/dependencies';
import { setAssetDependencies as operation } from '@ismf/assets/dependency-operations';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(operation, async ({ tenantId, params, body, write, expectedVersion, caller }) => ({
  body: await setDependencies(write, tenantId, params.assetId, expectedVersion!, body, caller),
}));
