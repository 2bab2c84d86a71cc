import { putChangeSettings as operation } from '@ismf/change/operations';
import { putChangeSettings } from '@ismf/change/settings';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(operation, async ({ tenantId, body, write, expectedVersion }) => ({
  body: await putChangeSettings(write, tenantId, expectedVersion!, body),
}));
