import { operationHandler } from '@ismf/http/operation-handler';
import { completeJobUpload } from '@ismf/jobs/jobs';
import { completeJobUpload as operation } from '@ismf/jobs/operations';

export const handler = operationHandler(operation, async ({ tenantId, params, write }) => ({
  body: await completeJobUpload(write, tenantId, params.jobId, operation.access),
}));
