import { jobHandler } from '@ismf/events/job-handler';
import { scheduledJob } from '@ismf/events/schedules';
import { sendDigests } from '@ismf/notifications/delivery';

export const handler = jobHandler(scheduledJob('notification-digest')!, (tenantId) => sendDigests(tenantId));
