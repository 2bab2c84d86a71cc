import { mergeAsset as operation } from '@ismf/assets/bulk-operations';
import { assetMergeJob } from '@ismf/assets/job-kinds';
import { mergeable } from '@ismf/assets/merge';
import { operationHandler } from '@ismf/http/operation-handler';
import { startJob } from '@ismf/jobs/jobs';

export const handler = operationHandler(operation, async ({ tenantId, params, body, write, idempotency, caller }) => {
  // Refused at once where it can be: the job checks again when it runs.
  await mergeable(tenantId, params.assetId, body.into);
  const parameters = { source: params.assetId, into: body.into, reason: body.reason };
  const kinds = (kind: string) => (kind === assetMergeJob.kind ? assetMergeJob : undefined);
  const { response, replayed } = await startJob(
    write,
    tenantId,
    { kind: assetMergeJob.kind, parameters },
    operation.access,
    kinds,
    idempotency,
    caller.memberId,
  );
  return { status: replayed ? 200 : 202, body: response, ...(replayed ? {} : { location: `/jobs/${response.id}` }) };
});
