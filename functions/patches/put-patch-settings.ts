import { operationHandler } from '@ismf/http/operation-handler';
import { putPatchSettings as operation } from '@ismf/patches/operations';
import { patchSettings } from '@ismf/patches/settings';

export const handler = operationHandler(operation, async ({ tenantId, body, write, expectedVersion }) => ({
  body: await patchSettings.put(write, tenantId, expectedVersion!, body),
}));
