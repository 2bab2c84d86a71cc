import { sealAuditDigestJob } from '@ismf/audit/jobs';
import { jobHandler } from '@ismf/events/job-handler';
import { tenantSince } from '@ismf/store/access';
import { hourOf, sealAuditDigests } from '@ismf/store/audit-digest';
import { digestSigner } from '@ismf/store/digest-signer';

export const handler = jobHandler(sealAuditDigestJob, async (tenantId) => ({
  sealed: await sealAuditDigests(tenantId, hourOf(await tenantSince(tenantId)), digestSigner()),
}));
