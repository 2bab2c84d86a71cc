import { rotateAdvisorySourceSecret as operation } from '@ismf/early-warning/operations';
import { rotateSecret } from '@ismf/early-warning/sources';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(operation, async ({ tenantId, params, write, expectedVersion }) => ({
  body: await rotateSecret(write, tenantId, params.sourceId, expectedVersion!),
}));
