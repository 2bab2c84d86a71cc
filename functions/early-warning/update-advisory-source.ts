import { updateAdvisorySource as operation } from '@ismf/early-warning/operations';
import { changeSource } from '@ismf/early-warning/sources';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(operation, async ({ tenantId, params, body, write, expectedVersion }) => ({
  body: await changeSource(write, tenantId, params.sourceId, expectedVersion!, body),
}));
