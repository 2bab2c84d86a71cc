import { announceDueReviews } from '@ismf/assets/review-due';
import { jobHandler } from '@ismf/events/job-handler';
import { scheduledJob } from '@ismf/events/schedules';

export const handler = jobHandler(scheduledJob('asset-review-due')!, (tenantId) =>
  announceDueReviews({ actor: { userId: 'system:asset-review-due', roles: [] }, operation: 'announceDueReviews' }, tenantId),
);
