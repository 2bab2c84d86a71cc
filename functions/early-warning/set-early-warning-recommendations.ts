import { setEarlyWarningRecommendations as operation } from '@ismf/early-warning/early-warning-operations';
import { setRecommendations } from '@ismf/early-warning/recommendations';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(operation, async ({ tenantId, caller, params, body, write, expectedVersion }) => ({
  body: await setRecommendations(write, tenantId, caller.roles, params.earlyWarningId, expectedVersion!, body),
}));
