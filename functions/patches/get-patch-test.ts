import { operationHandler } from '@ismf/http/operation-handler';
import { getPatchTest as operation } from '@ismf/patches/operations';
import { getPatchTest } from '@ismf/patches/tests';

export const handler = operationHandler(operation, async ({ tenantId, params }) => ({ body: await getPatchTest(tenantId, params.patchTestId) }));
