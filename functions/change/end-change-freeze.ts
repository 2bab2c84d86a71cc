import { cancelFreeze } from '@ismf/change/freezes';
import { endChangeFreeze as operation } from '@ismf/change/operations';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(operation, async ({ tenantId, params, body, write, expectedVersion }) => ({
  body: await cancelFreeze(write, tenantId, params.freezeId, expectedVersion!, body.reason),
}));
