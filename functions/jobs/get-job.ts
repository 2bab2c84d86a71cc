import { operationHandler } from '@ismf/http/operation-handler';
import { jobView, readableJob } from '@ismf/jobs/jobs';
import { getJob as operation } from '@ismf/jobs/operations';

export const handler = operationHandler(operation, async ({ tenantId, params, write }) => ({
  body: await jobView(tenantId, await readableJob(tenantId, params.jobId, write.actor), operation.access),
}));
