import { putChangePlan as operation } from '@ismf/change/operations';
import { writePlan } from '@ismf/change/plan';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(operation, async ({ tenantId, params, body, write, expectedVersion, caller }) => ({
  body: await writePlan(write, tenantId, params.changeRequestId, expectedVersion!, body, caller),
}));
