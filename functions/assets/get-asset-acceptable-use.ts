import { acceptableUseOf } from '@ismf/assets/acceptable-use';
import { getAssetAcceptableUse as operation } from '@ismf/assets/lifecycle-operations';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(operation, async ({ tenantId, params }) => ({ body: await acceptableUseOf(tenantId, params.assetId) }));
