import { bulkChangeAssets as operation } from '@ismf/assets/bulk-operations';
import { assetBulkChangeJob } from '@ismf/assets/job-kinds';
import { operationHandler } from '@ismf/http/operation-handler';
import { startJob } from '@ismf/jobs/jobs';

export const handler = operationHandler(operation, async ({ tenantId, body, write, idempotency, caller }) => {
  const kinds = (kind: string) => (kind === assetBulkChangeJob.kind ? assetBulkChangeJob : undefined);
  const { response, replayed } = await startJob(
    write,
    tenantId,
    { kind: assetBulkChangeJob.kind, parameters: body },
    operation.access,
    kinds,
    idempotency,
    caller.memberId,
  );
  return { status: replayed ? 200 : 202, body: response, ...(replayed ? {} : { location: `/jobs/${response.id}` }) };
});
