import { getEarlyWarning } from '@ismf/early-warning/early-warning-register';
import { getEarlyWarning as operation } from '@ismf/early-warning/early-warning-operations';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(operation, async ({ tenantId, caller, params }) => ({
  body: await getEarlyWarning(tenantId, caller.roles, params.earlyWarningId),
}));
