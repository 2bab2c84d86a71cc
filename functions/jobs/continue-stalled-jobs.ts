import { jobHandler } from '@ismf/events/job-handler';
import { continueStalledJobsJob } from '@ismf/jobs/schedules';
import { continueStalledJobs } from '@ismf/jobs/stalled';

export const handler = jobHandler(continueStalledJobsJob, (tenantId) =>
  continueStalledJobs({ actor: { userId: 'system:continue-stalled-jobs', roles: [] }, operation: 'continueStalledJobs' }, tenantId).then(() => undefined),
);
