import { getEarlyWarningVex as operation } from '@ismf/early-warning/early-warning-operations';
import { earlyWarningVex } from '@ismf/early-warning/triage';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(operation, async ({ tenantId, caller, params }) => ({
  body: await earlyWarningVex(tenantId, caller.roles, params.earlyWarningId),
}));
