import { listAdvisories as operation } from '@ismf/early-warning/operations';
import { listAdvisories } from '@ismf/early-warning/register';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(operation, async ({ tenantId, caller, query: { limit, cursor, ...filter } }) => ({
  body: await listAdvisories(tenantId, caller.roles, filter, { limit, ...(cursor ? { cursor } : {}) }),
}));
