import { dependenciesOf } from '@ismf/assets/dependencies';
import { getAssetDependencies as operation } from '@ismf/assets/dependency-operations';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(operation, async ({ tenantId, params, query }) => ({ body: await dependenciesOf(tenantId, params.assetId, query) }));
