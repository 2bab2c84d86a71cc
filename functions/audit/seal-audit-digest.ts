import { tenantSince } from '@ismf/directory/tenants';
import { jobHandler } from '@ismf/events/job-handler';
import { scheduledJob } from '@ismf/events/schedules';
import { hourOf, sealAuditDigests } from '@ismf/store/audit-digest';
import { digestSigner } from '@ismf/store/digest-signer';

export const handler = jobHandler(scheduledJob('seal-audit-digest')!, async (tenantId) => ({
  sealed: await sealAuditDigests(tenantId, hourOf(await tenantSince(tenantId)), digestSigner()),
}));
