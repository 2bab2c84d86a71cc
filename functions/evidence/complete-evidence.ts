import { currentRegistry } from '@ismf/app/areas';
import { completeEvidence as operation } from '@ismf/evidence/operations';
import { completeUpload } from '@ismf/evidence/evidence';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(operation, async ({ tenantId, params, write }) => ({
  body: await completeUpload(write, tenantId, params.evidenceId, operation.access, currentRegistry().evidenceSubjects),
}));
