import { getChangeSettings as operation } from '@ismf/change/operations';
import { getChangeSettings } from '@ismf/change/settings';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(operation, async ({ tenantId }) => ({ body: await getChangeSettings(tenantId) }));
