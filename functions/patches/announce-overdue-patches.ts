import { jobHandler } from '@ismf/events/job-handler';
import { patchOverdueJob } from '@ismf/patches/jobs';
import { announceOverduePatches } from '@ismf/patches/overdue';

export const handler = jobHandler(patchOverdueJob, (tenantId) =>
  announceOverduePatches({ actor: { userId: 'system:patch-overdue', roles: [] }, operation: 'announceOverduePatches' }, tenantId),
);
