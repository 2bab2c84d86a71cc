import { addChangeAffectedAssets as operation } from '@ismf/change/operations';
import { addAffectedAssets } from '@ismf/change/requests';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(operation, async ({ tenantId, params, body, write, expectedVersion, caller }) => ({
  body: await addAffectedAssets(write, tenantId, params.changeRequestId, expectedVersion!, body, caller),
}));
