import { operationHandler } from '@ismf/http/operation-handler';
import { withdrawPatchTest as operation } from '@ismf/patches/operations';
import { withdrawPatchTest } from '@ismf/patches/tests';

export const handler = operationHandler(operation, async ({ tenantId, params, body, write }) => ({
  body: await withdrawPatchTest(write, tenantId, params.patchTestId, body.reason),
}));
