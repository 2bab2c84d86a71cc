import { operationHandler } from '@ismf/http/operation-handler';
import { requestPatchTest as operation } from '@ismf/patches/operations';
import { requestPatchTest } from '@ismf/patches/tests';
import { createdOrReplayed } from '@ismf/store/idempotency';

export const handler = operationHandler(operation, async ({ tenantId, body, write, idempotency }) =>
  createdOrReplayed(await requestPatchTest(write, tenantId, body, idempotency)),
);
