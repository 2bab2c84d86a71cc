import { listChangeRequests as operation } from '@ismf/change/operations';
import { listChangeRequests } from '@ismf/change/requests';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(operation, async ({ tenantId, query: { limit, cursor, ...filters } }) => ({
  body: await listChangeRequests(tenantId, filters, { limit, ...(cursor ? { cursor } : {}) }),
}));
