import { submitChangeRequest as operation } from '@ismf/change/flow-operations';
import { submitChangeRequest } from '@ismf/change/submission';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(operation, async ({ tenantId, params, write, expectedVersion, caller }) => ({
  body: await submitChangeRequest(write, tenantId, params.changeRequestId, expectedVersion!, caller),
}));
