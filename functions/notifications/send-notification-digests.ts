import { currentRegistry } from '@ismf/app/areas';
import { jobHandler } from '@ismf/events/job-handler';
import { sendDigests } from '@ismf/notifications/delivery';
import { notificationDigestJob } from '@ismf/notifications/jobs';

export const handler = jobHandler(notificationDigestJob, (tenantId) => sendDigests(tenantId, currentRegistry().people));
