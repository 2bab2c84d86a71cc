import { putAssetPolicy } from '@ismf/assets/policy';
import { putAssetPolicy as operation } from '@ismf/catalogue/operations/assets';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(operation, async ({ tenantId, body, write, expectedVersion }) => ({
  body: await putAssetPolicy(write, tenantId, body, expectedVersion!),
}));
