import { completeEvidence as operation } from '@ismf/catalogue/operations/evidence';
import { completeUpload } from '@ismf/evidence/evidence';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(operation, async ({ tenantId, params, write }) => ({
  body: await completeUpload(write, tenantId, params.evidenceId, operation.access),
}));
