import { assetReviewDueJob } from '@ismf/assets/jobs';
import { announceDueReviews } from '@ismf/assets/review-due';
import { jobHandler } from '@ismf/events/job-handler';

export const handler = jobHandler(assetReviewDueJob, (tenantId) =>
  announceDueReviews({ actor: { userId: 'system:asset-review-due', roles: [] }, operation: 'announceDueReviews' }, tenantId),
);
