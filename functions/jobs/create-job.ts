import { currentRegistry } from '@ismf/app/areas';
import { operationHandler } from '@ismf/http/operation-handler';
import { startJob } from '@ismf/jobs/jobs';
import { createJob as operation } from '@ismf/jobs/operations';

export const handler = operationHandler(operation, async ({ tenantId, body, write, idempotency, caller }) => {
  const { response, replayed } = await startJob(write, tenantId, body, operation.access, currentRegistry().jobKind, idempotency, caller.memberId);
  return { status: replayed ? 200 : 202, body: response, ...(replayed ? {} : { location: `/jobs/${response.id}` }) };
});
