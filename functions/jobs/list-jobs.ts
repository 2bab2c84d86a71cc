import { operationHandler } from '@ismf/http/operation-handler';
import { listJobs } from '@ismf/jobs/jobs';
import { listJobs as operation } from '@ismf/jobs/operations';

export const handler = operationHandler(operation, async ({ tenantId, query, write }) => {
  const { limit, cursor, ...filter } = query;
  return { body: await listJobs(tenantId, write.actor, operation.access, { limit, cursor }, filter) };
});
