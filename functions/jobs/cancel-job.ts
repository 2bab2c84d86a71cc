import { operationHandler } from '@ismf/http/operation-handler';
import { cancelJob } from '@ismf/jobs/jobs';
import { cancelJob as operation } from '@ismf/jobs/operations';

export const handler = operationHandler(operation, async ({ tenantId, params, write }) => ({
  body: await cancelJob(write, tenantId, params.jobId, operation.access),
}));
