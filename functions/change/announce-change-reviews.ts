import { changeReviewDueJob } from '@ismf/change/jobs';
import { announceChangeReviews } from '@ismf/change/notices';
import { jobHandler } from '@ismf/events/job-handler';

export const handler = jobHandler(changeReviewDueJob, (tenantId) =>
  announceChangeReviews({ actor: { userId: 'system:change-review-due', roles: [] }, operation: 'announceChangeReviews' }, tenantId),
);
