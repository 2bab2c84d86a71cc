import { operationHandler } from '@ismf/http/operation-handler';
import { getPatchSettings as operation } from '@ismf/patches/operations';
import { patchSettings } from '@ismf/patches/settings';

export const handler = operationHandler(operation, async ({ tenantId }) => ({ body: await patchSettings.get(tenantId) }));
