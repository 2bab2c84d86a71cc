import { createEvidence as operation } from '@ismf/catalogue/operations/evidence';
import { requestUpload } from '@ismf/evidence/evidence';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(operation, async ({ tenantId, body, write }) => ({ body: await requestUpload(write, tenantId, body, operation.access) }));
