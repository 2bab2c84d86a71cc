import { epssRefreshJob } from '@ismf/early-warning/consumers';
import { refreshEpss } from '@ismf/early-warning/epss';
import { jobHandler } from '@ismf/events/job-handler';

export const handler = jobHandler(epssRefreshJob, (tenantId) =>
  refreshEpss({ actor: { userId: 'system:epss-refresh', roles: [] }, operation: 'refreshEpss' }, tenantId, epssRefreshJob.access),
);
