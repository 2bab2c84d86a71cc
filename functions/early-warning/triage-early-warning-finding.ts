import { triageEarlyWarningFinding as operation } from '@ismf/early-warning/early-warning-operations';
import { triageFinding } from '@ismf/early-warning/triage';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(operation, async ({ tenantId, caller, params, body, write, expectedVersion }) => ({
  body: await triageFinding(write, tenantId, caller, params.earlyWarningId, params.assetId, params.vulnerability, expectedVersion!, body),
}));
