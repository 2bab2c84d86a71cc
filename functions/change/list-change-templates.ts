import { listChangeTemplates as operation } from '@ismf/change/flow-operations';
import { listChangeTemplates } from '@ismf/change/templates';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(operation, async ({ tenantId, query: { limit, cursor } }) => ({
  body: await listChangeTemplates(tenantId, { limit, ...(cursor ? { cursor } : {}) }),
}));
