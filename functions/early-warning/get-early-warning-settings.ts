import { getEarlyWarningSettings as operation } from '@ismf/early-warning/operations';
import { getEarlyWarningSettings } from '@ismf/early-warning/settings';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(operation, async ({ tenantId }) => ({ body: await getEarlyWarningSettings(tenantId) }));
