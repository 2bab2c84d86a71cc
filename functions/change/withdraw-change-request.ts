import { withdrawChangeRequest as operation } from '@ismf/change/flow-operations';
import { withdrawChangeRequest } from '@ismf/change/submission';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(operation, async ({ tenantId, params, body, write }) => ({
  body: await withdrawChangeRequest(write, tenantId, params.changeRequestId, body.reason),
}));
