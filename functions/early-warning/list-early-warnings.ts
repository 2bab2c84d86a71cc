import { listEarlyWarnings } from '@ismf/early-warning/early-warning-register';
import { listEarlyWarnings as operation } from '@ismf/early-warning/early-warning-operations';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(operation, async ({ tenantId, caller, query: { limit, cursor, ...filters } }) => ({
  body: await listEarlyWarnings(tenantId, caller.roles, filters, { limit, ...(cursor ? { cursor } : {}) }),
}));
