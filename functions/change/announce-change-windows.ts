import { changeWindowNoticeJob } from '@ismf/change/jobs';
import { announceChangeWindows } from '@ismf/change/notices';
import { jobHandler } from '@ismf/events/job-handler';

export const handler = jobHandler(changeWindowNoticeJob, (tenantId) =>
  announceChangeWindows({ actor: { userId: 'system:change-window-notice', roles: [] }, operation: 'announceChangeWindows' }, tenantId),
);
