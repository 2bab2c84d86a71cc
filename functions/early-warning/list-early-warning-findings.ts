import { listFindings } from '@ismf/early-warning/early-warning-register';
import { listEarlyWarningFindings as operation } from '@ismf/early-warning/early-warning-operations';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(operation, async ({ tenantId, caller, params, query: { limit, cursor } }) => ({
  body: await listFindings(tenantId, caller.roles, params.earlyWarningId, { limit, ...(cursor ? { cursor } : {}) }),
}));
