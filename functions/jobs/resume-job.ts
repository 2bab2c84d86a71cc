import { operationHandler } from '@ismf/http/operation-handler';
import { resumeJob } from '@ismf/jobs/jobs';
import { resumeJob as operation } from '@ismf/jobs/operations';

export const handler = operationHandler(operation, async ({ tenantId, params, write }) => ({
  body: await resumeJob(write, tenantId, params.jobId, operation.access),
}));
