import { currentRegistry } from '@ismf/app/areas';
import { createEvidence as operation } from '@ismf/evidence/operations';
import { requestUpload } from '@ismf/evidence/evidence';
import { operationHandler } from '@ismf/http/operation-handler';
import { createdOrReplayed } from '@ismf/store/idempotency';

export const handler = operationHandler(operation, async ({ tenantId, body, write, idempotency }) =>
  createdOrReplayed(await requestUpload(write, tenantId, body, operation.access, currentRegistry().evidenceSubjects, idempotency)),
);
