import { getChangeRequest as operation } from '@ismf/change/operations';
import { getChangeRequest } from '@ismf/change/requests';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(operation, async ({ tenantId, params }) => ({ body: await getChangeRequest(tenantId, params.changeRequestId) }));
