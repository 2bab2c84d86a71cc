import { advisoryPullJob as job, pullAdvisories } from '@ismf/early-warning/pull-job';
import { jobHandler } from '@ismf/events/job-handler';

export const handler = jobHandler(job, (tenantId) =>
  pullAdvisories({ actor: { userId: `system:${job.name}`, roles: [] }, operation: job.name }, tenantId, job.access),
);
