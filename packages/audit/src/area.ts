// The audit trail as auditors use it: entries, verification, and the hourly signed digests. The chain
// itself is the store's (every audited write makes an entry); this area reads, verifies and seals it, and
// runs its exports (for offline verification) and the sweep of every audited record as bulk jobs.
import { defineArea } from '@ismf/area/declaration';
import { auditExportJob, auditSweepJob } from './job-kinds.ts';
import { sealAuditDigestJob } from './jobs.ts';
import { listAuditEntries, verifyAudit } from './operations.ts';

export const auditArea = defineArea({
  area: 'audit',
  title: 'Audit trail',
  tags: [
    {
      name: 'audit',
      group: 'Records and evidence',
      description:
        'The audit trail every audited write extends: its entries, the verification of its hash chains and the hourly signed digests. X.1051 10.10.1 audit logging, 10.10.3 protection of log information, 15.3.1–15.3.2 information systems audit considerations.',
    },
  ],
  operations: [listAuditEntries, verifyAudit],
  events: [],
  jobs: [sealAuditDigestJob],
  jobKinds: [auditExportJob, auditSweepJob],
  entities: [],
});
