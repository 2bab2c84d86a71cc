import { getAdvisory as operation } from '@ismf/early-warning/operations';
import { getAdvisory } from '@ismf/early-warning/register';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(operation, async ({ tenantId, caller, params }) => ({
  body: await getAdvisory(tenantId, caller.roles, params.advisoryId, operation.access),
}));
