import { recordChangeImplementation as operation } from '@ismf/change/flow-operations';
import { recordImplementation } from '@ismf/change/implementation';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(operation, async ({ tenantId, params, body, write, expectedVersion, caller }) => ({
  body: await recordImplementation(write, tenantId, params.changeRequestId, expectedVersion!, body, caller),
}));
