import { consumerHandler } from '@ismf/events/consumer-handler';
import { dispatchJobsConsumer } from '@ismf/jobs/consumers';
import { startContinuation, startNextJob } from '@ismf/jobs/dispatch';

export const handler = consumerHandler(dispatchJobsConsumer, async ({ detailType, detail }) => {
  const write = { actor: { userId: 'system:dispatchJobs', roles: [] }, operation: 'dispatchJobs', correlationId: detail.correlationId };
  const data = detail.data as { jobId: string; queue: string; execution?: number };
  if (detailType === 'JobContinued') await startContinuation(detail.tenantId, data.jobId, data.execution!);
  else await startNextJob(write, detail.tenantId, data.queue);
});
