import { putEarlyWarningSettings as operation } from '@ismf/early-warning/operations';
import { putEarlyWarningSettings } from '@ismf/early-warning/settings';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(operation, async ({ tenantId, body, write, expectedVersion }) => ({
  body: await putEarlyWarningSettings(write, tenantId, expectedVersion!, body),
}));
